/**
 * Serving a site's current release over HTTP (`/sites/<site>/…` on the app): content types, a
 * strong ETag with 304 for HTML, a year's immutable cache for hashed assets, `404.html` with
 * `no-store` for anything missing, and no way out of the release folder (`..`, encoded or not,
 * NUL, backslashes, symlinks pointing elsewhere).
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'

import { PUBLIC_PATH_HEADER } from './hosts'
import { ReleaseStore } from './releases/releaseStore'

const SITE = /^[a-z0-9][a-z0-9_-]*$/

export const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
}

/**
 * A site runs no script, and on the app it is served from the admin's origin (`/sites/<slug>/`):
 * the policy forbids every script, plugins and forms, so nothing that got into a page could act
 * with a signed-in visitor's session. Styles from the site itself (the 404 page's are inline) and
 * images from it, https hosts and `data:` (which the HTML policy allows).
 */
export const SITE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "img-src 'self' https: data:",
  "style-src 'self' 'unsafe-inline'",
].join('; ')

const cacheControl = (file: string): string => {
  if (file.startsWith('assets/')) return 'public, max-age=31536000, immutable'
  if (file.startsWith('media/')) return 'public, max-age=3600'
  return 'no-cache'
}

const notFound = async (dir: string | null): Promise<Response> => {
  const body = dir ? await fs.readFile(path.join(dir, '404.html')).catch(() => null) : null
  return new Response(body ? new Uint8Array(body) : 'Not found', {
    status: 404,
    headers: {
      'Content-Type': body ? TYPES['.html']! : TYPES['.txt']!,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': SITE_CONTENT_SECURITY_POLICY,
    },
  })
}

/**
 * The release file for URL path `segments` (as the router decoded them), or null when the path is
 * not one a release can hold. Directory URLs map to their `index.html`.
 */
export const releasePath = (segments: string[]): string | null => {
  const parts: string[] = []
  for (const raw of segments) {
    let segment = raw
    // Decode what is still encoded (a router may leave `%2e%2e` as it is); refuse bad encodings.
    try {
      while (/%[0-9a-f]{2}/i.test(segment)) segment = decodeURIComponent(segment)
    } catch {
      return null
    }
    if (segment === '') continue
    if (segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) return null
    parts.push(segment)
  }
  const file = parts.join('/')
  if (file === '') return 'index.html'
  return path.posix.extname(parts[parts.length - 1]!) ? file : `${file}/index.html`
}

/**
 * A page is its folder's `index.html`, and its links are relative to the folder, so its URL must
 * end in a slash, as every static host makes it. Next answers every URL ending in a slash with a
 * redirect that takes the slash off, so a page served at a URL without its slash carries a
 * `<base>` naming its folder, and its relative links resolve as they would on a static host.
 */
export const withFolderBase = (body: Buffer, file: string, pathname: string): Buffer => {
  if (!file.endsWith('index.html') || pathname.endsWith('/')) return body
  const html = body.toString('utf8')
  const head = html.search(/<head[^>]*>/i)
  if (head < 0) return body
  const at = html.indexOf('>', head) + 1
  const base = `<base href="${encodeURI(decodeURI(pathname))}/">`
  return Buffer.from(html.slice(0, at) + base + html.slice(at), 'utf8')
}

/** Answers a GET or HEAD for `segments` of `site` from its current release. */
export const serveSite = async (
  request: Request,
  site: string,
  segments: string[],
  store: ReleaseStore = new ReleaseStore(),
): Promise<Response> => {
  if (!SITE.test(site)) return notFound(null)
  const dir = await store.currentDir(site)
  if (!dir) return notFound(null)
  let file = releasePath(segments)
  if (!file) return notFound(dir)
  let real: string
  let root: string
  try {
    root = await fs.realpath(dir)
    real = await fs.realpath(path.join(dir, file)).catch((error: unknown) => {
      // Browsers and feed readers ask for /favicon.ico whatever the page links: the site's icon.
      if (file !== 'favicon.ico') throw error
      file = 'favicon.svg'
      return fs.realpath(path.join(dir, file))
    })
  } catch {
    return notFound(dir)
  }
  if (!real.startsWith(root + path.sep)) return notFound(dir)
  const stat = await fs.stat(real).catch(() => null)
  if (!stat?.isFile()) return notFound(dir)
  // At a site's domain the proxy passes the path the visitor sees (`/blog`, not `/sites/acme/blog`).
  const pathname = request.headers.get(PUBLIC_PATH_HEADER) || new URL(request.url).pathname
  const body = withFolderBase(await fs.readFile(real), file, pathname)
  const etag = `"${createHash('sha256').update(body).digest('base64url')}"`
  const headers: Record<string, string> = {
    'Content-Type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Cache-Control': cacheControl(file),
    ETag: etag,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': SITE_CONTENT_SECURITY_POLICY,
  }
  const match = request.headers.get('if-none-match')
  if (match && match.split(',').some((tag) => tag.trim() === etag)) {
    return new Response(null, { status: 304, headers })
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: { ...headers, 'Content-Length': String(body.length) },
  })
}
