import http, { type IncomingMessage, type ServerResponse } from 'http'
import next from 'next'
import zlib from 'zlib'

import type { AnswerParts } from '../../src/plugins/readCache/httpCaching'

import { anonymousHitParts } from '../../src/plugins/readCache/proxyHits'
import { siteForHost } from '../../src/sites/siteHosts'

/**
 * The URL Next hands its proxy for this request target (next-server's `runMiddleware`): the path
 * as the WHATWG URL parser reads it, and the query turned into Next's query object (values of a
 * repeated name gathered under its first place) and written back by `URLSearchParams` (so
 * `select[title]` arrives as `select%5Btitle%5D`). The route records its keys under the same form.
 */
export const proxyUrl = (target: string): string => {
  const { pathname, searchParams } = new URL(`http://localhost${target}`)
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of searchParams) {
    const known = query[key]
    if (known === undefined) query[key] = value
    else if (Array.isArray(known)) known.push(value)
    else query[key] = [known, value]
  }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) params.append(key, item)
    else params.set(key, value)
  }
  const search = params.toString()
  return `http://localhost${pathname}${search ? `?${search}` : ''}`
}

/**
 * The proxy's hit decision (proxyHits.ts) for a request as Node's HTTP server receives it, so that
 * the production server answers a hit before handing the request to Next, looked up under the
 * URL Next's proxy would see (`proxyUrl`). A target Next would redirect (a backslash or a repeated
 * slash in the path) or that is not a path is left to Next; so is anything not GET or HEAD.
 */
export const anonymousNodeHit = (req: IncomingMessage): AnswerParts | null => {
  const { method, url } = req
  if ((method !== 'GET' && method !== 'HEAD') || !url?.startsWith('/api/')) return null
  const query = url.indexOf('?')
  const path = query < 0 ? url : url.slice(0, query)
  if (path.includes('\\') || path.includes('//')) return null
  let seen: string
  try {
    seen = proxyUrl(url)
  } catch {
    return null
  }
  const { headers } = req
  return anonymousHitParts({
    method,
    url: seen,
    header: (name) => {
      const value = headers[name]
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value
    },
  })
}

export type ProductionServer = {
  server: http.Server
  /**
   * Stops as `next start` does on a signal: no new connections, the requests in flight finish,
   * then Next closes.
   */
  close: () => Promise<void>
}

/** `headers` as `writeHead` takes a list: names and values in one flat array (kept per entry). */
const flatHeaders = new WeakMap<[string, string][], string[]>()
const flat = (headers: [string, string][]): string[] => {
  let known = flatHeaders.get(headers)
  if (!known) flatHeaders.set(headers, (known = headers.flat()))
  return known
}

/**
 * Whether the answer goes gzipped, as Next's compression would send it: the client accepts gzip
 * (`*` counts, `q=0` refuses, an `identity` it prefers wins), and the body is at least 1 KiB.
 */
const COMPRESS_FROM = 1024
export const acceptsGzip = (header: string | string[] | undefined): boolean => {
  if (typeof header !== 'string' || !header) return false
  let gzip: number | undefined
  let any: number | undefined
  let identity: number | undefined
  for (const part of header.toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((item) => item.trim())
    let q = 1
    for (const param of params) if (param.startsWith('q=')) q = Number(param.slice(2))
    if (!(q >= 0)) q = 0
    if (name === 'gzip') gzip = q
    else if (name === '*') any = q
    else if (name === 'identity') identity = q
  }
  const quality = gzip ?? any ?? 0
  return quality > 0 && (identity === undefined || quality >= identity)
}

/**
 * Each stored answer's gzipped body, made on its first gzipped hit. Keyed by the answer's header
 * list (one per stored answer, see httpCaching's `headersForHit`) and checked against the exact
 * bytes it was made from.
 */
const gzipped = new WeakMap<
  [string, string][],
  { from: ArrayBufferLike; offset: number; length: number; zipped: Buffer }
>()

const gzippedBody = (headers: [string, string][], body: Uint8Array): Buffer => {
  const known = gzipped.get(headers)
  if (
    known &&
    known.from === body.buffer &&
    known.offset === body.byteOffset &&
    known.length === body.byteLength
  )
    return known.zipped
  const zipped = zlib.gzipSync(body)
  gzipped.set(headers, {
    from: body.buffer,
    offset: body.byteOffset,
    length: body.byteLength,
    zipped,
  })
  return zipped
}

const write = (req: IncomingMessage, res: ServerResponse, parts: AnswerParts): void => {
  const { status, headers, body } = parts
  const list = flat(headers)
  if (!body) {
    res.writeHead(status, list)
    res.end()
    return
  }
  if (body.byteLength >= COMPRESS_FROM && acceptsGzip(req.headers['accept-encoding'])) {
    const zipped = gzippedBody(headers, body)
    res.writeHead(status, [
      ...list,
      'content-encoding',
      'gzip',
      'content-length',
      String(zipped.byteLength),
    ])
    res.end(zipped)
    return
  }
  res.writeHead(status, [...list, 'content-length', String(body.byteLength)])
  res.end(body)
}

/** Only an anonymous GET or HEAD under `/api/` can be a hit; everything else goes straight to Next. */
const mayHit = (req: IncomingMessage): boolean =>
  (req.method === 'GET' || req.method === 'HEAD') && !!req.url?.startsWith('/api/')

/**
 * The app's production server (`npm start`), in place of `next start`: Next's own request handler
 * through its custom-server API, with one thing in front of it. An anonymous read the read cache
 * holds a fresh answer for is answered here, by the same decision and with the same headers as
 * Next's proxy (src/proxy.ts, readCache/proxyHits.ts), without Next's routing, which is most of
 * what a hit costs inside Next. A request to a hosted site's domain is never answered here (it is
 * the site's: the proxy rewrites it); every other request goes to Next unchanged, where the proxy
 * still answers hits (under `next dev`, and for anyone running `next start`).
 *
 * Listens on every interface at `port`, as `next start` does without `--hostname`; Node's default
 * keep-alive timeout, as `next start` without `--keepAliveTimeout`. A hit goes gzipped when the
 * client asks, as Next compresses the proxy's answers, from a copy made once per stored answer.
 */
export const startProductionServer = async ({
  port,
  dir = '.',
}: {
  port: number
  dir?: string
}): Promise<ProductionServer> => {
  const server = http.createServer()
  const app = next({ dev: false, dir, hostname: 'localhost', port, httpServer: server })
  await app.prepare()
  const handle = app.getRequestHandler()

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      if (mayHit(req) && (await siteForHost(req.headers.host)) === null) {
        const hit = anonymousNodeHit(req)
        if (hit) return write(req, res, hit)
      }
      await handle(req, res)
    } catch (error) {
      // As `next start` answers a request its handler threw on.
      console.error(`Failed to handle request for ${req.url}`)
      console.error(error)
      if (!res.headersSent) {
        res.statusCode = 500
        res.end('Internal Server Error')
      } else res.destroy()
    }
  }
  server.on('request', (req, res) => void onRequest(req, res))

  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error)
    server.once('error', failed)
    server.listen(port, () => {
      server.off('error', failed)
      resolve()
    })
  })

  const close = async (): Promise<void> => {
    await new Promise<void>((resolve) =>
      server.close((error) => {
        if (error) console.error(error)
        resolve()
      }),
    )
    await app.close()
  }
  return { server, close }
}
