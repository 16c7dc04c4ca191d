import type { Payload, SanitizedConfig } from 'payload'

import { GRAPHQL_POST, REST_GET } from '@payloadcms/next/routes'
import { getPayload } from 'payload'

import type { ReadPlan } from './plan'

import { answer, etagOf, notStored, replayableHeaders } from './httpCaching'
import { readerKey, readerOf, type Reader } from './identity'
import { planGraphql, planRest } from './plan'
import {
  graphqlRequestKey,
  MAX_PROXY_GRAPHQL_BODY,
  offerToProxy,
  rememberAnonymousKey,
  restRequestKey,
} from './proxyHits'
import { runtimeOf } from './runtime'

type RestContext = { params: Promise<{ slug: string[] }> }

const isJson = (response: Response): boolean =>
  (response.headers.get('content-type') ?? '').includes('application/json')

/**
 * Answers one read: from the cache when a fresh answer is stored for this request and reader
 * class, otherwise from Payload (`run`), keeping a 200 for the next reader of the same class.
 * Every JSON answer gets its ETag, 304 and caching headers, cached or not. `proxyKey` describes
 * the request as the proxy sees it (proxyHits.ts): an anonymous reader's key is remembered under
 * it, so that the proxy answers the next such request itself.
 */
const serveRead = async (
  payload: Payload,
  request: Request,
  plan: ReadPlan | null,
  run: () => Promise<Response>,
  keep: (body: Buffer) => boolean = () => true,
  proxyKey: (() => string | null) | null = null,
): Promise<Response> => {
  const runtime = runtimeOf(payload)
  const store = runtime?.store
  const startedAt = store?.now() ?? 0
  const reader: Reader = await readerOf(
    payload,
    request.headers,
    (at) => !!store && store.changedSince(['users'], at),
    startedAt,
  )
  const cacheable = !!(
    plan &&
    store &&
    runtime.options.enabled &&
    store.listening &&
    reader.kind !== 'fresh'
  )
  const key = cacheable
    ? `${readerKey(reader)}\n${plan!.key}\n${request.headers.get('origin') ?? ''}`
    : ''
  if (cacheable) {
    const raw = proxyKey && reader.kind === 'anonymous' ? proxyKey() : null
    if (raw !== null)
      rememberAnonymousKey(store!, payload.config.cookiePrefix, raw, key, {
        graphql: request.method === 'POST',
      })
    const hit = store!.get(key)
    if (hit) return answer({ ...hit, reader, request, cache: 'hit' })
  } else if (store && (plan || !runtime.options.enabled)) store.counts.bypassed++
  const response = await run()
  if (!isJson(response)) return response
  if (response.status !== 200) return notStored(response)
  const body = Buffer.from(await response.arrayBuffer())
  const etag = etagOf(body)
  const headers = replayableHeaders(response.headers)
  if (cacheable && !response.headers.has('set-cookie') && keep(body))
    store!.set(key, { body, etag, headers, dependencies: plan!.dependencies, startedAt })
  return answer({ body, etag, headers, reader, request, cache: cacheable ? 'miss' : 'bypass' })
}

/** `GET /api/...`: Payload's REST handler behind the read cache. */
export const cachedRestGet = (config: Promise<SanitizedConfig>) => {
  const inner = REST_GET(config)
  const handler = async (request: Request, context: RestContext): Promise<Response> => {
    const payload = await getPayload({ config })
    const runtime = runtimeOf(payload)
    if (runtime && !runtime.options.enabled)
      offerToProxy(runtime.options, payload.config.cookiePrefix, { rest: handler })
    const { slug } = await context.params
    // With the cache off nothing is planned: the plan would only be thrown away.
    const plan =
      runtime?.options.enabled && ['GET', 'HEAD'].includes(request.method)
        ? planRest(payload, runtime, slug ?? [], new URL(request.url))
        : null
    return serveRead(
      payload,
      request,
      plan,
      () => inner(request, context),
      undefined,
      () => restRequestKey(request.url, request.headers.get('origin')),
    )
  }
  return handler
}

/** GraphQL answers errors with a 200: those are never kept. */
const withoutErrors = (body: Buffer): boolean => {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { errors?: unknown }
    return !parsed.errors
  } catch {
    return false
  }
}

/** `POST /api/graphql`: Payload's GraphQL handler, with queries (never mutations) behind the read cache. */
export const cachedGraphqlPost = (config: Promise<SanitizedConfig>) => {
  const inner = GRAPHQL_POST(config)
  const handler = async (request: Request): Promise<Response> => {
    const payload = await getPayload({ config })
    const runtime = runtimeOf(payload)
    if (runtime && !runtime.options.enabled)
      offerToProxy(runtime.options, payload.config.cookiePrefix, { graphql: handler })
    // With the cache off the body is not read twice: nothing is planned.
    const planned = !!runtime?.options.enabled
    const text = planned ? await request.clone().text() : ''
    const plan = planned ? planGraphql(runtime, text, new URL(request.url), request.headers) : null
    // Only bodies the proxy would read (a short query, as clients send them) are mapped for it.
    const proxyKey = () =>
      Buffer.byteLength(text) <= MAX_PROXY_GRAPHQL_BODY
        ? graphqlRequestKey(request.url, request.headers, text)
        : null
    return serveRead(payload, request, plan, () => inner(request), withoutErrors, proxyKey)
  }
  return handler
}
