import type { ReadCacheOptions } from './options'
import type { ReadCacheStore } from './store'

import { answerParts, toResponse, type AnswerParts } from './httpCaching'
import { hasSessionCookie } from './session'

/**
 * Anonymous hits answered from Next's proxy (src/proxy.ts), before Next routes the request and
 * before Payload is asked for anything: a hit there skips the route handler's machinery.
 *
 * The proxy is bundled apart from Payload and cannot plan a request, so the route handler
 * (routes.ts), having planned an anonymous read, records which cache key that exact request maps
 * to: for REST its URL and Origin, for a GraphQL query also its Content-Type, Accept and body
 * text. The proxy answers only a request the route has mapped, from the same store, through the
 * same freshness check (`store.get`), so invalidation is the route's. Under `next start` the proxy
 * runs in the app's own process: the store is shared through `globalThis` (each process has its
 * own, as each has its own listener). Anything else (a cookie session, an Authorization header, a
 * mutation, a miss) goes on to the route handler.
 */
type ProxyIndex = {
  store: ReadCacheStore
  cookiePrefix: string
  /** The request as the proxy sees it (see `restRequestKey`, `graphqlRequestKey`) → the cache key. */
  keys: Map<string, string>
  /** What the keys hold, in UTF-16 code units: the index is emptied before it passes MAX_INDEX_CHARS. */
  chars: number
  /** Whether any GraphQL request is mapped: until then the proxy never reads a body. */
  graphql: boolean
}

const MAX_KEYS = 20_000
const MAX_INDEX_CHARS = 8 * 1024 * 1024
/** GraphQL bodies longer than this are never mapped, so the proxy never reads more than this. */
export const MAX_PROXY_GRAPHQL_BODY = 16 * 1024
const KEY = Symbol.for('syndicate.readCache.proxyIndex')
const slot = globalThis as Record<symbol, ProxyIndex | undefined>

const pathAndQuery = (url: string): string => {
  const start = url.indexOf('/', url.indexOf('//') + 2)
  return start < 0 ? '/' : url.slice(start)
}

/** A REST read: its path and query, and its Origin. */
export const restRequestKey = (url: string, origin: string | null): string =>
  `${pathAndQuery(url)}\n${origin ?? ''}`

/** A GraphQL POST: its path and query, Origin, Content-Type, Accept and the body's exact text. */
export const graphqlRequestKey = (url: string, headers: Headers, body: string): string =>
  `POST ${pathAndQuery(url)}\n${headers.get('origin') ?? ''}\n${headers.get('content-type') ?? ''}\n${headers.get('accept') ?? ''}\n${body}`

/** From the route handler: the anonymous reader of the request `raw` describes is served `key`. */
export const rememberAnonymousKey = (
  store: ReadCacheStore,
  cookiePrefix: string,
  raw: string,
  key: string,
  { graphql = false }: { graphql?: boolean } = {},
): void => {
  let index = slot[KEY]
  if (!index || index.store !== store || index.cookiePrefix !== cookiePrefix)
    index = slot[KEY] = { store, cookiePrefix, keys: new Map(), chars: 0, graphql: false }
  if (index.keys.get(raw) === key) return
  const chars = raw.length + key.length
  if (index.keys.size >= MAX_KEYS || index.chars + chars > MAX_INDEX_CHARS) {
    index.keys.clear()
    index.chars = 0
    index.graphql = false
  }
  index.keys.set(raw, key)
  index.chars += chars
  index.graphql ||= graphql
}

/**
 * What the hit decision reads of a request, whichever server received it: Next's proxy (a
 * `Request`) or the production server (scripts/server.ts, a Node request; see `anonymousNodeHit`
 * in scripts/lib/productionServer.ts).
 */
export type HitRequest = {
  method: string
  /** Absolute and normalised, as `Request.url` is. */
  url: string
  header: (name: string) => string | null
}

const ofRequest = (request: Request): HitRequest => ({
  method: request.method,
  url: request.url,
  header: (name) => request.headers.get(name),
})

/** The index when `request` is anonymous and the store may serve, else null. */
const anonymousIndex = (request: HitRequest): ProxyIndex | null => {
  const index = slot[KEY]
  if (!index) return null
  const { store } = index
  if (!store.enabled || !store.listening) return null
  if (
    request.header('authorization') !== null ||
    hasSessionCookie(request.header('cookie'), index.cookiePrefix)
  )
    return null
  return index
}

const hitFor = (index: ProxyIndex, raw: string, request: HitRequest): AnswerParts | null => {
  const key = index.keys.get(raw)
  if (key === undefined) return null
  const hit = index.store.get(key, { countMiss: false })
  if (!hit) return null
  return answerParts({
    ...hit,
    reader: { kind: 'anonymous' },
    method: request.method,
    ifNoneMatch: request.header('if-none-match'),
    cache: 'hit',
  })
}

/**
 * The cached answer to an anonymous GET or HEAD under `/api/`, or null. The caller has made sure
 * the request's Host is not a hosted site's (src/sites/siteHosts.ts).
 */
export const anonymousHitParts = (request: HitRequest): AnswerParts | null => {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null
  const index = anonymousIndex(request)
  if (!index) return null
  return hitFor(index, restRequestKey(request.url, request.header('origin')), request)
}

/** From the proxy: the cached answer to an anonymous GET or HEAD under `/api/`, or null. */
export const anonymousHit = (request: Request): Response | null => {
  const parts = anonymousHitParts(ofRequest(request))
  return parts && toResponse(parts)
}

/** The bodies `anonymousGraphqlHit` has read, for a handler the request is then handed to. */
const readBodies = new WeakMap<Request, string>()

/**
 * From the proxy: the cached answer to an anonymous GraphQL query (`POST /api/graphql`), or null.
 * The body is read only when some query is mapped and its declared length fits the index; Next
 * hands the route its own copy of the body either way.
 */
export const anonymousGraphqlHit = async (request: Request): Promise<Response | null> => {
  if (request.method !== 'POST') return null
  const hitRequest = ofRequest(request)
  const index = anonymousIndex(hitRequest)
  if (!index?.graphql) return null
  const length = Number(request.headers.get('content-length') ?? Number.NaN)
  if (!(length >= 0 && length <= MAX_PROXY_GRAPHQL_BODY)) return null
  const body = await request.text()
  readBodies.set(request, body)
  const parts = hitFor(index, graphqlRequestKey(request.url, request.headers, body), hitRequest)
  return parts && toResponse(parts)
}

/**
 * With the cache off (`READ_CACHE=off`) there is nothing for the proxy to look up, and every
 * anonymous read would pay for Next's routing twice: once to run the proxy, once to reach the
 * route. The route handlers offer themselves here instead, and the proxy hands such a read
 * straight to the same handler the route would have run, with the same arguments.
 */
type RestHandler = (
  request: Request,
  context: { params: Promise<{ slug: string[] }> },
) => Promise<Response>
type ProxyReaders = {
  /** The offering app's options: the proxy hands reads over only while they say the cache is off. */
  options: ReadCacheOptions
  cookiePrefix: string
  /** First path segments under `/api/` the REST handler is handed: the cached collections, `globals`. */
  roots: ReadonlySet<string>
  rest?: RestHandler
  graphql?: (request: Request) => Promise<Response>
}

const READERS = Symbol.for('syndicate.readCache.proxyReaders')
const readersSlot = globalThis as Record<symbol, ProxyReaders | undefined>

/**
 * From a route handler running with the cache off: the proxy may hand anonymous reads to it. Not
 * under `next dev`, whose reloads replace the route's module: the proxy would keep calling the old
 * handler, since the route it answers for would never run again.
 */
export const offerToProxy = (
  options: ReadCacheOptions,
  cookiePrefix: string,
  handler: { rest: RestHandler } | { graphql: (request: Request) => Promise<Response> },
): void => {
  if (process.env.NODE_ENV === 'development') return
  const current = readersSlot[READERS]
  const same = current?.options === options && current.cookiePrefix === cookiePrefix
  if (
    same &&
    ('rest' in handler ? current.rest === handler.rest : current.graphql === handler.graphql)
  )
    return
  const readers =
    current && same
      ? current
      : { options, cookiePrefix, roots: new Set([...options.collections, 'globals']) }
  readersSlot[READERS] = { ...readers, ...handler }
}

const isAnonymous = (request: Request, cookiePrefix: string): boolean =>
  !request.headers.has('authorization') &&
  !hasSessionCookie(request.headers.get('cookie'), cookiePrefix)

/**
 * From the proxy: an anonymous `GET /api/<collection>[/<id>]`, `GET /api/globals/<slug>` or
 * GraphQL POST answered by the route's own handler, when the route has offered it (cache off);
 * otherwise null, and the request goes on to the route.
 */
export const anonymousRead = async (
  request: Request,
  pathname: string,
): Promise<Response | null> => {
  const readers = readersSlot[READERS]
  if (!readers || readers.options.enabled || !isAnonymous(request, readers.cookiePrefix))
    return null
  if (pathname === '/api/graphql') {
    if (request.method !== 'POST' || !readers.graphql) return null
    const body = readBodies.get(request)
    if (body === undefined) return readers.graphql(request)
    const { url, method, headers } = request
    return readers.graphql(new Request(url, { method, headers, body }))
  }
  if (request.method !== 'GET' || !readers.rest) return null
  const segments = pathname.slice('/api/'.length).split('/')
  if (segments.length > 2 || !readers.roots.has(segments[0]!) || segments.includes('')) return null
  let slug: string[]
  try {
    // As Next hands a catch-all route its segments: decoded.
    slug = segments.map(decodeURIComponent)
  } catch {
    return null
  }
  return readers.rest(request, { params: Promise.resolve({ slug }) })
}
