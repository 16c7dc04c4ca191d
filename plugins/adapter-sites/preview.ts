import type { Payload } from 'payload'

/**
 * The whole site with its editors' drafts, rendered on the fly for signed-in people who work on
 * it: `/sites/<slug>/_preview/…` (src/app/sites/[site]/[[...path]]/route.ts). Pages and posts are
 * their latest versions, unpublished drafts included (the platform's `readSite` with `draft`),
 * rendered by the same renderer and HTML policy as a release; nothing is written to the release
 * store. Answers are `private, no-store` and `noindex`, and every page carries a "Preview — drafts"
 * banner. Anyone else gets 401 (not signed in) or 404 (no such site, or not theirs), never content.
 */
import path from 'node:path'
import { createLocalReq } from 'payload'

import { mayWorkOnSite, readMediaFile, readSite } from '@plugins/publishing/exports/server'

import type { RenderedSite } from './render/types'

import { siteBaseUrl, siteInput } from './adapter'
import { renderSite } from './render/renderSite'
import { releasePath, SITE_CONTENT_SECURITY_POLICY, TYPES, withFolderBase } from './serve'

export const PREVIEW_SEGMENT = '_preview'

const PRIVATE = {
  'Cache-Control': 'private, no-store',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': SITE_CONTENT_SECURITY_POLICY,
}

const refuse = (status: 401 | 404, message: string): Response =>
  new Response(message, {
    status,
    headers: { ...PRIVATE, 'Content-Type': 'text/plain; charset=utf-8' },
  })

const BANNER =
  '<p role="status" style="margin:0;padding:.5rem 1rem;background:#ffd84d;color:#1a1a1a;' +
  'font:600 0.95rem/1.4 system-ui,sans-serif;text-align:center;border-bottom:2px solid #1a1a1a">' +
  'Preview — drafts. Unpublished changes are shown; visitors see the published site.</p>'

/** A rendered page with the preview's banner first in `<body>` and `noindex` in `<head>`. */
export const markPreview = (html: string): string =>
  html
    .replace(/<head([^>]*)>/i, '<head$1><meta name="robots" content="noindex, nofollow">')
    .replace(/<body([^>]*)>/i, `<body$1>${BANNER}`)

const renders = new Map<number, { at: number; files: Promise<RenderedSite> }>()
/** A render is reused for this long (ms): a page and its stylesheet and images come from one. */
const REUSE_MS = 3000

/**
 * The site rendered from its drafts. The render in progress is shared too: a page's stylesheet and
 * images, asked for at once, wait for the one render instead of each starting its own.
 */
const renderDrafts = (payload: Payload, site: number): Promise<RenderedSite> => {
  const kept = renders.get(site)
  if (kept && Date.now() - kept.at < REUSE_MS) return kept.files
  const files = (async () => {
    const req = await createLocalReq({}, payload)
    const snapshot = await readSite(payload, req, site, 0, { draft: true })
    const baseUrl = `${siteBaseUrl(snapshot.serverURL, { ...snapshot.site, domain: null })}${PREVIEW_SEGMENT}/`
    return renderSite(siteInput(snapshot), { baseUrl, cmsUrl: snapshot.serverURL }).files
  })()
  renders.set(site, { at: Date.now(), files })
  // A failed render is not kept: the next request tries again.
  files.catch(() => {
    if (renders.get(site)?.files === files) renders.delete(site)
  })
  return files
}

/** Answers a GET or HEAD for `segments` (after `_preview`) of the site with slug `slug`. */
export const previewSite = async (
  payload: Payload,
  request: Request,
  slug: string,
  segments: string[],
): Promise<Response> => {
  const { user } = await payload.auth({ headers: request.headers })
  if (!user) return refuse(401, 'Sign in to preview this site.')
  const { docs } = await payload.find({
    collection: 'sites',
    where: { slug: { equals: slug } },
    depth: 0,
    limit: 1,
    overrideAccess: true,
  })
  const site = docs[0]
  if (!site || !mayWorkOnSite(payload, user, Number(site.id))) return refuse(404, 'Not found.')

  const files = await renderDrafts(payload, Number(site.id))
  const wanted = releasePath(segments)
  const found = wanted ? files.get(wanted) : undefined
  const file = found ? wanted! : '404.html'
  const rendered = found ?? files.get('404.html')
  if (!rendered) return refuse(404, 'Not found.')
  let body: Uint8Array<ArrayBuffer>
  if ('body' in rendered) {
    const html = file.endsWith('.html')
    const text = html ? markPreview(rendered.body) : rendered.body
    const pathname = new URL(request.url).pathname
    body = new Uint8Array(
      html && found ? withFolderBase(Buffer.from(text), file, pathname) : Buffer.from(text),
    )
  } else {
    // From the CMS's storage (the local folder or object storage), as deliveries read it.
    const stored = await readMediaFile(payload, {
      collection: 'media',
      filename: rendered.media.filename,
    }).catch(() => null)
    if (!stored) return refuse(404, 'Not found.')
    body = new Uint8Array(stored.bytes)
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? rendered.contentType
  return new Response(request.method === 'HEAD' ? null : body, {
    status: found ? 200 : 404,
    headers: { ...PRIVATE, 'Content-Type': type, 'Content-Length': String(body.length) },
  })
}
