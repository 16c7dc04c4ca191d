/**
 * Issue 13: the hosted sites as a person sees them. The sample site is rendered with `renderSite`,
 * written to a temporary folder and served by a tiny static server; Debian's Chromium opens the
 * home page, a post, the blog index and one page per template at desktop and mobile widths,
 * keeps a screenshot of each in tests/e2e/artifacts/sites/ (gitignored) and checks that the
 * content is styled. Static files only: it needs no app build (see globalSetup.ts).
 */
import type { AddressInfo } from 'net'
import type { Page } from 'playwright-core'

import fs from 'fs'
import http from 'http'
import os from 'os'
import path from 'path'

import type { SiteInput, TemplateName } from '../../plugins/adapter-sites/render'

import { renderSite } from '../../plugins/adapter-sites/render'
import {
  SAMPLE_OPTIONS,
  page as samplePage,
  sampleSite,
} from '../../plugins/adapter-sites/render/sampleSite'
import { ARTIFACTS, openBrowser } from './helpers/browser'

const SHOTS = path.join(ARTIFACTS, 'sites')

const WIDTHS = { desktop: { width: 1440, height: 900 }, mobile: { width: 375, height: 800 } }

/** The sample site plus a page of each template at the top level, with a real image on each. */
const variantSite = (): SiteInput => {
  const site = sampleSite()
  const hero = site.pages.find((p) => p.image)?.image ?? undefined
  return {
    ...site,
    pages: [
      ...site.pages,
      ...(['default', 'landing', 'full-width', 'sidebar', 'contact'] as TemplateName[]).map(
        (template, i) =>
          samplePage(50 + i, `t-${template}`, {
            order: `b${i}`,
            template,
            image: hero,
            title: `The ${template} template`,
          }),
      ),
    ],
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
}

/** Serves `root` like a static host: `dir/` → `dir/index.html`, 404 otherwise. */
const serve = async (root: string): Promise<{ url: string; close: () => Promise<void> }> => {
  const server = http.createServer((req, res) => {
    // No favicon in a rendered site (yet): answer Chromium's automatic request with no content
    // rather than a 404 that shows as a console error on every first visit.
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end()
      return
    }
    let rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
    if (rel.endsWith('/')) rel += 'index.html'
    const file = path.join(root, path.normalize(rel))
    if (
      !file.startsWith(root + path.sep) ||
      !fs.existsSync(file) ||
      fs.statSync(file).isDirectory()
    ) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
      return
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    })
    fs.createReadStream(file).pipe(res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/**
 * Writes the rendered files under `root`. Media files are copied from the media folder in
 * production; here each becomes a picture of its stated size, drawn by Chromium itself.
 */
const writeSite = async (site: SiteInput, root: string, page: Page): Promise<void> => {
  const { files } = renderSite(site, SAMPLE_OPTIONS)
  for (const [rel, file] of files) {
    const out = path.join(root, rel)
    fs.mkdirSync(path.dirname(out), { recursive: true })
    if ('body' in file) {
      fs.writeFileSync(out, file.body)
      continue
    }
    const { width, height, mimeType } = file.media
    const type = mimeType === 'image/png' ? 'image/png' : 'image/jpeg'
    const dataUrl = await page.evaluate(
      ({ width, height, type, label }) => {
        const canvas = document.createElement('canvas')
        canvas.width = width
        canvas.height = height
        const c = canvas.getContext('2d') as CanvasRenderingContext2D
        const g = c.createLinearGradient(0, 0, width, height)
        g.addColorStop(0, '#3b6ea5')
        g.addColorStop(1, '#c9a227')
        c.fillStyle = g
        c.fillRect(0, 0, width, height)
        c.fillStyle = '#fff'
        c.font = `${Math.max(12, Math.round(height / 8))}px sans-serif`
        c.fillText(label, width / 20, height / 2)
        return canvas.toDataURL(type, 0.7)
      },
      { width, height, type, label: file.media.filename },
    )
    fs.writeFileSync(out, Buffer.from(dataUrl.split(',')[1], 'base64'))
  }
}

type Visit = { name: string; path: string; template?: TemplateName }

const VISITS: Visit[] = [
  { name: 'home', path: '', template: 'landing' },
  { name: 'post', path: 'blog/post-4/' },
  { name: 'blog', path: 'blog/' },
  { name: 'template-default', path: 't-default/', template: 'default' },
  { name: 'template-landing', path: 't-landing/', template: 'landing' },
  { name: 'template-full-width', path: 't-full-width/', template: 'full-width' },
  { name: 'template-sidebar', path: 't-sidebar/', template: 'sidebar' },
  { name: 'template-contact', path: 't-contact/', template: 'contact' },
  { name: 'about', path: 'about/', template: 'full-width' },
]

type Measured = {
  bodyFont: string
  bodyColor: string
  bodyBackground: string
  bodyMargin: string
  columnWidth: number
  mainLeft: number
  hasSidebar: boolean
  sidebarVisible: boolean
  hasHero: boolean
  /** How a body list's items line up (a centred list leaves its bullets behind). */
  listAlign: string | null
  heroHeight: number
  navVisible: boolean
  scrollWidth: number
  clientWidth: number
  images: { src: string; loaded: boolean; hasSize: boolean; overflows: boolean }[]
}

const measure = (page: Page): Promise<Measured> =>
  page.evaluate(() => {
    const body = getComputedStyle(document.body)
    // The text column: the article, else the listing or the contact block.
    const column = (['main .article', 'main .listing', 'main .contact', 'main']
      .map((selector) => document.querySelector(selector))
      .find(Boolean) ?? document.body) as HTMLElement
    const aside = document.querySelector('main aside') as HTMLElement | null
    const hero = document.querySelector('main .hero') as HTMLElement | null
    const nav = document.querySelector('.site-nav') as HTMLElement | null
    const visible = (el: HTMLElement | null): boolean => {
      if (!el) return false
      const r = el.getBoundingClientRect()
      const s = getComputedStyle(el)
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'
    }
    return {
      bodyFont: body.fontFamily,
      bodyColor: body.color,
      bodyBackground: body.backgroundColor,
      bodyMargin: body.margin,
      columnWidth: Math.round(column.getBoundingClientRect().width),
      mainLeft: Math.round(column.getBoundingClientRect().left),
      hasSidebar: !!aside,
      sidebarVisible: visible(aside),
      hasHero: !!hero,
      listAlign: (() => {
        const list = document.querySelector('main .body ul')
        return list ? getComputedStyle(list).textAlign : null
      })(),
      heroHeight: hero ? Math.round(hero.getBoundingClientRect().height) : 0,
      navVisible: visible(nav),
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
      images: [...document.images].map((img) => ({
        src: img.currentSrc || img.src,
        loaded: img.complete && img.naturalWidth > 0,
        hasSize: img.hasAttribute('width') && img.hasAttribute('height'),
        overflows: img.getBoundingClientRect().right > document.documentElement.clientWidth + 1,
      })),
    }
  })

describe('hosted sites in Chromium (issue 13)', () => {
  let root: string
  let server: Awaited<ReturnType<typeof serve>>
  let browser: Awaited<ReturnType<typeof openBrowser>>
  const results = new Map<string, Measured>()

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'sites-e2e-'))
    browser = await openBrowser()
    const drawing = await browser.newPage()
    await writeSite(variantSite(), root, drawing)
    server = await serve(root)
    fs.rmSync(SHOTS, { recursive: true, force: true })
    fs.mkdirSync(SHOTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    if (root) fs.rmSync(root, { recursive: true, force: true })
  })

  const open = async (visit: Visit, width: keyof typeof WIDTHS) => {
    const page = await browser.newPage()
    await page.setViewportSize(WIDTHS[width])
    const failed: string[] = []
    const errors: string[] = []
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`))
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.url()} ${r.status()}`)
    })
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(server.url + visit.path, { waitUntil: 'load' })
    // Lazy images below the fold: scroll through so that every one is fetched.
    await page.evaluate(async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += 400) {
        window.scrollTo(0, y)
        await new Promise((r) => setTimeout(r, 20))
      }
      window.scrollTo(0, 0)
      await Promise.all(
        [...document.images].map((img) =>
          img.complete
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                img.addEventListener('load', () => resolve(), { once: true })
                img.addEventListener('error', () => resolve(), { once: true })
              }),
        ),
      )
    })
    await page.screenshot({ path: path.join(SHOTS, `${visit.name}-${width}.png`), fullPage: true })
    return { page, failed, errors }
  }

  for (const width of ['desktop', 'mobile'] as const) {
    for (const visit of VISITS) {
      it(`${visit.name} at ${width} width is styled and whole`, async () => {
        const { page, failed, errors } = await open(visit, width)
        expect(failed).toEqual([])
        expect(errors).toEqual([])
        const sheets = await page.evaluate(() =>
          [...document.styleSheets].map((s) => ({ href: s.href, rules: s.cssRules.length })),
        )
        expect(sheets.length).toBeGreaterThan(0)
        expect(sheets.every((s) => s.rules > 10)).toBe(true)
        const m = await measure(page)
        results.set(`${visit.name}-${width}`, m)
        // Not the browser's defaults (Times, black on white, 8px margin).
        expect(m.bodyFont).not.toMatch(/^"?Times/)
        expect(m.bodyMargin).not.toBe('8px')
        expect([m.bodyColor, m.bodyBackground]).not.toEqual(['rgb(0, 0, 0)', 'rgba(0, 0, 0, 0)'])
        expect(m.navVisible).toBe(true)
        expect(m.scrollWidth).toBeLessThanOrEqual(m.clientWidth)
        expect(m.images.length).toBeGreaterThan(0)
        for (const img of m.images) {
          expect(img).toEqual(
            expect.objectContaining({ loaded: true, hasSize: true, overflows: false }),
          )
        }
        if (width === 'desktop') {
          // A readable measure: the text column is narrower than the window.
          expect(m.columnWidth).toBeLessThan(WIDTHS.desktop.width - 200)
        }
        await page.context().close()
      })
    }
  }

  it('the templates differ from each other where a person would see it', () => {
    const at = (name: string) => results.get(`template-${name}-desktop`) as Measured
    expect(at('landing').hasHero).toBe(true)
    expect(at('landing').heroHeight).toBeGreaterThan(200)
    // The landing body is centred, but its lists keep their bullets next to their items.
    expect(at('landing').listAlign).toMatch(/^(left|start)$/)
    for (const name of ['default', 'full-width', 'sidebar', 'contact'])
      expect(at(name).hasHero).toBe(false)
    expect(at('sidebar').sidebarVisible).toBe(true)
    expect(at('default').hasSidebar).toBe(false)
    expect(at('full-width').columnWidth).toBeGreaterThan(at('default').columnWidth + 100)
    expect(at('contact').columnWidth).not.toBe(at('default').columnWidth)
    // On a phone the sidebar stacks under the article instead of squeezing it.
    const phone = results.get('template-sidebar-mobile') as Measured
    expect(phone.columnWidth).toBeGreaterThan(300)
  })

  it('Tab reaches the skip link first, and it moves focus to main', async () => {
    for (const width of ['desktop', 'mobile'] as const) {
      const page = await browser.newPage()
      await page.setViewportSize(WIDTHS[width])
      await page.goto(server.url + 't-default/')
      await page.keyboard.press('Tab')
      const first = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        const r = el.getBoundingClientRect()
        return { cls: el.className, text: el.textContent, top: r.top, left: r.left, width: r.width }
      })
      expect(first).toEqual(expect.objectContaining({ cls: 'skip', text: 'Skip to content' }))
      // Visible when focused, not parked off-screen.
      expect(first.top).toBeGreaterThanOrEqual(0)
      expect(first.left).toBeGreaterThanOrEqual(0)
      expect(first.width).toBeGreaterThan(0)
      await page.screenshot({ path: path.join(SHOTS, `skip-link-${width}.png`) })
      await page.keyboard.press('Enter')
      await page.keyboard.press('Tab')
      const after = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement
        return { inMain: !!el.closest('main'), hash: location.hash }
      })
      expect(after).toEqual({ inMain: true, hash: '#main' })
      await page.context().close()
    }
  })
})
