import type { IncomingMessage } from 'http'

import type { AnswerParts } from './httpCaching'

import { anonymousHitParts } from './proxyHits'

/**
 * The proxy's hit decision (proxyHits.ts) for a request as Node's HTTP server receives it, so that
 * the production server (src/server/productionServer.ts) answers a hit before handing the request
 * to Next. The URL is the one Next's proxy would see: this origin's address joined with the raw
 * target, normalised as `Request.url` is. A target Next would redirect (a backslash or a repeated
 * slash in the path) or that is not a path is left to Next; so is anything not GET or HEAD.
 */
export const anonymousNodeHit = (req: IncomingMessage): AnswerParts | null => {
  const { method, url } = req
  if ((method !== 'GET' && method !== 'HEAD') || !url?.startsWith('/api/')) return null
  const query = url.indexOf('?')
  const path = query < 0 ? url : url.slice(0, query)
  if (path.includes('\\') || path.includes('//')) return null
  let normalised: string
  try {
    normalised = new URL(`http://localhost${url}`).href
  } catch {
    return null
  }
  const { headers } = req
  return anonymousHitParts({
    method,
    url: normalised,
    header: (name) => {
      const value = headers[name]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
  })
}
