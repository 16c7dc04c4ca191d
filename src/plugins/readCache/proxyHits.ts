import type { ReadCacheStore } from './store'

import { answer } from './httpCaching'
import { hasSessionCookie } from './session'

/**
 * Anonymous REST hits answered from Next's proxy (src/proxy.ts), before Next routes the request
 * and before Payload is asked for anything: a hit there skips the route handler's machinery.
 *
 * The proxy is bundled apart from Payload and cannot plan a request, so the route handler
 * (routes.ts), having planned an anonymous REST read, records which cache key that exact URL and
 * Origin map to. The proxy answers only a URL the route has mapped, from the same store, through
 * the same freshness check (`store.get`), so invalidation is the route's. Under `next start` the
 * proxy runs in the app's own process: the store is shared through `globalThis` (each process has
 * its own, as each has its own listener). Anything else (a cookie session, an Authorization
 * header, GraphQL, a miss) goes on to the route handler.
 */
type ProxyIndex = {
  store: ReadCacheStore
  cookiePrefix: string
  /** The request's URL (path and query, as the proxy sees it) and Origin → the cache key. */
  keys: Map<string, string>
}

const MAX_KEYS = 20_000
const KEY = Symbol.for('syndicate.readCache.proxyIndex')
const slot = globalThis as Record<symbol, ProxyIndex | undefined>

const rawKey = (url: string, origin: string | null): string => {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  return `${start < 0 ? '/' : url.slice(start)}\n${origin ?? ''}`
}

/** From the route handler: the anonymous reader of `url` (with `origin`) is served `key`. */
export const rememberAnonymousKey = (
  store: ReadCacheStore,
  cookiePrefix: string,
  url: string,
  origin: string | null,
  key: string,
): void => {
  let index = slot[KEY]
  if (!index || index.store !== store || index.cookiePrefix !== cookiePrefix)
    index = slot[KEY] = { store, cookiePrefix, keys: new Map() }
  const raw = rawKey(url, origin)
  if (index.keys.get(raw) === key) return
  if (index.keys.size >= MAX_KEYS) index.keys.clear()
  index.keys.set(raw, key)
}

/** From the proxy: the cached answer to an anonymous GET or HEAD under `/api/`, or null. */
export const anonymousHit = (request: Request): Response | null => {
  const index = slot[KEY]
  if (!index || (request.method !== 'GET' && request.method !== 'HEAD')) return null
  const { store } = index
  if (!store.enabled || !store.listening) return null
  const headers = request.headers
  if (headers.has('authorization') || hasSessionCookie(headers.get('cookie'), index.cookiePrefix))
    return null
  const key = index.keys.get(rawKey(request.url, headers.get('origin')))
  if (key === undefined) return null
  const hit = store.get(key, { countMiss: false })
  if (!hit) return null
  return answer({ ...hit, reader: { kind: 'anonymous' }, request, cache: 'hit' })
}
