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

/**
 * The answer to send: 304 when the client holds these bytes already, else the body, with the
 * validator and caching rules of the reader's class.
 */
export const answer = ({
  body,
  etag,
  headers,
  reader,
  request,
  cache,
}: {
  body: Buffer
  etag: string
  headers: [string, string][]
  reader: Reader
  request: Request
  cache: 'hit' | 'miss' | 'bypass'
}): Response => {
  const out = new Headers(headers)
  out.set('ETag', etag)
  out.set(
    'Cache-Control',
    reader.kind === 'anonymous' ? PUBLIC_CACHE_CONTROL : PRIVATE_CACHE_CONTROL,
  )
  out.set('Vary', VARY)
  out.set('X-Read-Cache', cache)
  if (matches(request.headers.get('if-none-match'), etag)) {
    out.delete('content-type')
    return new Response(null, { status: 304, headers: out })
  }
  return new Response(
    request.method === 'HEAD'
      ? null
      : new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength),
    {
      status: 200,
      headers: out,
    },
  )
}

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
