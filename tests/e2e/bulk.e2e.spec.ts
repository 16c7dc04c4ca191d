/**
 * "Publish everything" in a real browser: a destination created for a site with published pages
 * offers it, the confirmation says how many documents, the progress bar (role=progressbar) runs
 * and the run finishes with every document at the receiver. Keyboard only.
 */
import type { Page } from 'playwright-core'

import { startReceiver, type Receiver } from '../helpers/receiver'
import { waitFor } from '../helpers/wait'
import { PASSWORD, seedScene } from './helpers/api'
import { login, openBrowser, shot } from './helpers/browser'
import { startApp, type RunningApp } from './helpers/server'

const SECRET = 'browser-bulk-secret'

let app: RunningApp
let receiver: Receiver
let scene: Awaited<ReturnType<typeof seedScene>>
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page

beforeAll(async () => {
  ;[app, receiver] = await Promise.all([startApp(), startReceiver(SECRET)])
  scene = await seedScene(app.url)
  browser = await openBrowser()
  page = await browser.newPage()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
  await app?.stop()
})

it('offers, confirms and shows the progress of publishing everything to a new destination', async () => {
  for (let i = 0; i < 20; i++)
    await scene.admin.post('/posts', {
      title: `Archive post ${i}`,
      site: scene.site,
      _status: 'published',
    })
  // Published before the destination existed: let those saves' fan-outs pass.
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const created = await scene.admin.post('/integrations', {
    name: 'Archive hook',
    site: scene.site,
    platform: 'webhook',
    config: { url: receiver.url },
    credentials: { signingSecret: SECRET },
  })
  await login(page, app.url, 'admin@example.com', PASSWORD)
  await page.goto(`${app.url}/admin/collections/integrations/${created.doc.id}`)
  const offer = page.locator('.publishing-bulk__offer')
  await offer.waitFor({ timeout: 60_000 })
  expect(await offer.textContent()).toContain('23 published documents')
  await shot(page, 'bulk-offer')

  const start = page.getByRole('button', { name: 'Publish everything', exact: true })
  await start.focus()
  await page.keyboard.press('Enter')
  const confirm = page.getByRole('button', { name: 'Publish 23 documents' })
  await confirm.waitFor()
  expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(
    'Publish 23 documents',
  )
  await shot(page, 'bulk-confirm')
  await page.keyboard.press('Enter')

  const bar = page.getByRole('progressbar')
  await bar.waitFor({ timeout: 15_000 })
  expect(await bar.getAttribute('aria-valuemax')).toBe('23')
  await shot(page, 'bulk-progress')
  await page.getByText(/Finished .*: 23 of 23 delivered/).waitFor({ timeout: 60_000 })
  await shot(page, 'bulk-done')
  await waitFor(async () => receiver.requests.length >= 23, 10_000, 'the 23 deliveries')
  expect(
    new Set(receiver.requests.map((r) => `${r.document?.collection}:${r.document?.id}`)).size,
  ).toBe(23)
  expect(await page.locator('.publishing-bulk__offer').count()).toBe(0)
}, 240_000)
