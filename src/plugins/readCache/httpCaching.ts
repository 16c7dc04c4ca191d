import crypto from 'crypto'

import type { Reader } from './identity'

/** Anonymous answers may be held by a CDN, which must ask again (cheaply, with the ETag) every time. */
export const PUBLIC_CACHE_CONTROL = 'public, no-cache'
export const PRIVATE_CACHE_CONTROL = 'private, no-cache'
export const VARY = 'Authorization, Cookie, Accept-Encoding, Origin'

/** A strong validator: the hash of the exact bytes. */
export const etagOf = (body: Buffer): string =>
  `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`

/** If-None-Match per RFC 9110: `*` or any listed tag, compared weakly. */
export const matches = (ifNoneMatch: string | null, etag: string): boolean => {
  if (!ifNoneMatch) return false
  if (ifNoneMatch.trim() === '*') return true
  const strip = (tag: string) => tag.trim().replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => strip(tag) === etag)
}

/** Headers that describe the request, not the answer, are never replayed from the cache. */
const NOT_REPLAYED = new Set([
  'set-cookie',
  'content-length',
  'etag',
  'cache-control',
  'vary',
  'date',
])

export const replayableHeaders = (headers: Headers): [string, string][] =>
  [...headers.entries()].filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase()))

type CacheOutcome = 'hit' | 'miss' | 'bypass'

/** The headers an answer goes out with: Payload's, then the validator and the caching rules. */
const answerHeaders = (
  headers: [string, string][],
  etag: string,
  anonymous: boolean,
  cache: CacheOutcome,
): [string, string][] => {
  const out = new Headers(headers)
  out.set('ETag', etag)
  out.set('Cache-Control', anonymous ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE_CONTROL)
  out.set('Vary', VARY)
  out.set('X-Read-Cache', cache)
  return [...out.entries()]
}

/**
 * The outgoing headers of a stored answer's hits, worked out on its first hit per reader class
 * and kept with its header list (the same array for as long as the answer is stored).
 */
const hitHeaders = new WeakMap<
  [string, string][],
  { anonymous?: [string, string][]; other?: [string, string][] }
>()

const headersForHit = (
  headers: [string, string][],
  etag: string,
  anonymous: boolean,
): [string, string][] => {
  let known = hitHeaders.get(headers)
  if (!known) hitHeaders.set(headers, (known = {}))
  const slot = anonymous ? 'anonymous' : 'other'
  return (known[slot] ??= answerHeaders(headers, etag, anonymous, 'hit'))
}

/** An answer as plain parts, for a server that writes it without a `Response` (see proxyHits.ts). */
export type AnswerParts = {
  status: 200 | 304
  headers: [string, string][]
  /** Null for a 304 and for HEAD. */
  body: Uint8Array<ArrayBuffer> | null
}

/**
 * The answer to send: 304 when the client holds these bytes already, else the body, with the
 * validator and caching rules of the reader's class.
 */
export const answerParts = ({
  body,
  etag,
  headers,
  reader,
  method,
  ifNoneMatch,
  cache,
}: {
  body: Buffer
  etag: string
  headers: [string, string][]
  reader: Reader
  method: string
  ifNoneMatch: string | null
  cache: CacheOutcome
}): AnswerParts => {
  const anonymous = reader.kind === 'anonymous'
  const out =
    cache === 'hit'
      ? headersForHit(headers, etag, anonymous)
      : answerHeaders(headers, etag, anonymous, cache)
  if (matches(ifNoneMatch, etag))
    return {
      status: 304,
      headers: out.filter(([name]) => name !== 'content-type'),
      body: null,
    }
  return {
    status: 200,
    headers: out,
    body:
      method === 'HEAD'
        ? null
        : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength),
  }
}

export const toResponse = ({ status, headers, body }: AnswerParts): Response =>
  new Response(body, { status, headers })

/** `answerParts` for a `Request`, as a `Response`. */
export const answer = ({
  request,
  ...rest
}: {
  body: Buffer
  etag: string
  headers: [string, string][]
  reader: Reader
  request: Request
  cache: CacheOutcome
}): Response =>
  toResponse(
    answerParts({
      ...rest,
      method: request.method,
      ifNoneMatch: request.headers.get('if-none-match'),
    }),
  )

/** Anything but a 200 is never stored, by us or anyone between us and the reader. */
export const notStored = (response: Response): Response => {
  const headers = new Headers(response.headers)
  headers.set('Cache-Control', 'no-store')
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers,
  })
}
