/**
 * A visitor's crawl of a deployed site: the sample site is rendered, written as a release and
 * served by `serveSite` at `/sites/acme/` (as the app serves it, with Next's slash-less folder
 * URLs) and at `/` of its domain (the proxy's visitor path). From the home page, every link,
 * stylesheet, icon and image (`href`, `src`, `srcset`) is followed the way a browser resolves it
 * (against `<base>` when the page has one) and must answer 200; every page of the site must be
 * reached. `/favicon.ico` answers the site's icon.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { PUBLIC_PATH_HEADER } from './hosts'
import { releaseFiles } from './releaseFiles'
import { ReleaseStore } from './releases/releaseStore'
import { renderSite } from './render/renderSite'
import { SAMPLE_OPTIONS, sampleSite } from './render/sampleSite'
import { serveSite } from './serve'

let root: string
let store: ReleaseStore
let pages: string[]

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'crawl-'))
  const media = path.join(root, 'media')
  store = new ReleaseStore({ root: path.join(root, 'sites') })
  const { files } = renderSite(sampleSite(), SAMPLE_OPTIONS)
  await mkdir(media)
  for (const rendered of files.values()) {
    if ('media' in rendered) await writeFile(path.join(media, rendered.media.filename), 'img')
  }
  await store.writeRelease('acme', {
    files: await releaseFiles(files, (image) => readFile(path.join(media, image.filename))),
  })
  pages = [...files.keys()].filter((file) => file.endsWith('index.html'))
})

afterAll(async () => {
  await ReleaseStore.settled() // the staging folder prepared after the last write
  await rm(root, { recursive: true, force: true })
})

const urlsOf = (html: string): string[] =>
  [...html.matchAll(/\s(href|src|srcset)="([^"]*)"/g)].flatMap(([, attribute, value]) => {
    const decoded = value!.replace(/&amp;/g, '&')
    return attribute === 'srcset'
      ? decoded.split(',').map((part) => part.trim().split(/\s+/)[0]!)
      : [decoded]
  })

/**
 * Crawls from `start`; `route` maps a URL path the browser asks for to the site's segments (or
 * null when it is not the site's) and the headers the app adds.
 */
const crawl = async (
  origin: string,
  start: string,
  route: (pathname: string) => { segments: string[]; headers: Record<string, string> } | null,
) => {
  const seen = new Set<string>()
  const broken: string[] = []
  const htmlFiles = new Set<string>()
  const queue: [string, string][] = [[new URL(start, origin).href, '(start)']]
  while (queue.length) {
    const [href, from] = queue.shift()!
    const url = new URL(href)
    url.hash = ''
    // Next takes the slash off every URL (a 308), then serves the slash-less one.
    if (url.pathname.length > 1 && url.pathname.endsWith('/'))
      url.pathname = url.pathname.slice(0, -1)
    if (url.origin !== origin || seen.has(url.href)) continue
    seen.add(url.href)
    const routed = route(url.pathname)
    if (!routed) {
      broken.push(`${from} → ${url.pathname} (outside the site)`)
      continue
    }
    const res = await serveSite(
      new Request(url, { headers: routed.headers }),
      'acme',
      routed.segments,
      store,
    )
    if (res.status !== 200) {
      broken.push(`${from} → ${url.pathname} (${res.status})`)
      continue
    }
    if (!res.headers.get('content-type')?.startsWith('text/html')) continue
    htmlFiles.add(url.pathname)
    const html = await res.text()
    const base = /<base href="([^"]*)">/.exec(html)?.[1]
    const against = new URL(base ?? url.pathname, url).href
    for (const link of urlsOf(html)) {
      // Absolute URLs on the site's public address (canonical, og:url) are not the app's.
      if (/^https?:/.test(link) && !link.startsWith(origin)) continue
      queue.push([new URL(link, against).href, url.pathname])
    }
  }
  return { broken, htmlFiles }
}

const segmentsOf = (pathname: string): string[] =>
  pathname.split('/').filter(Boolean).map(decodeURIComponent)

test('on the app, every link, stylesheet, icon and image from the home page resolves', async () => {
  const { broken, htmlFiles } = await crawl('http://app.test', '/sites/acme/', (pathname) =>
    pathname === '/sites/acme' || pathname.startsWith('/sites/acme/')
      ? { segments: segmentsOf(pathname).slice(2), headers: {} }
      : null,
  )
  expect(broken).toEqual([])
  // every page of the site is reachable by following links
  expect(htmlFiles.size).toBe(pages.length)
})

test("at the site's domain, the same", async () => {
  const { broken, htmlFiles } = await crawl('https://www.acme.test', '/', (pathname) => ({
    segments: segmentsOf(pathname),
    headers: { [PUBLIC_PATH_HEADER]: pathname },
  }))
  expect(broken).toEqual([])
  expect(htmlFiles.size).toBe(pages.length)
})

test('/favicon.ico answers the generated icon', async () => {
  const res = await serveSite(
    new Request('http://app.test/favicon.ico'),
    'acme',
    ['favicon.ico'],
    store,
  )
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('image/svg+xml')
  expect(await res.text()).toContain('<svg')
})
