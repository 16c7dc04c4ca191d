import fs from 'fs'
import path from 'path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

import { CHROMIUM } from './prerequisites'

export const ARTIFACTS = path.resolve('tests/e2e/artifacts')

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * A headless Debian Chromium. Playwright starts it with a fresh temporary profile
 * (--user-data-dir) of its own; each `newPage` is a separate context, so an editor and an admin
 * can be signed in side by side.
 */
export const openBrowser = async (): Promise<{
  newPage: () => Promise<Page>
  close: () => Promise<void>
}> => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS })
  const contexts: BrowserContext[] = []
  return {
    newPage: async () => {
      const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } })
      context.setDefaultTimeout(20_000)
      contexts.push(context)
      return context.newPage()
    },
    close: async () => {
      for (const context of contexts) await context.close()
      await browser.close()
    },
  }
}

/** Keeps a full-page screenshot in tests/e2e/artifacts (gitignored) for people to look at. */
export const shot = async (page: Page, name: string): Promise<void> => {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })
}

export const login = async (
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> => {
  await page.goto(`${baseUrl}/admin/login`)
  await page.locator('#field-email').fill(email)
  await page.locator('#field-password').fill(password)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.endsWith('/login'))
}
