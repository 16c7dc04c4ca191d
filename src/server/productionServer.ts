import http, { type IncomingMessage, type ServerResponse } from 'http'
import next from 'next'

import type { AnswerParts } from '../plugins/readCache/httpCaching'

import { anonymousNodeHit } from '../plugins/readCache/nodeHits'
import { siteForHost } from '../sites/siteHosts'

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

const write = (res: ServerResponse, { status, headers, body }: AnswerParts): void => {
  const list = flat(headers)
  res.writeHead(status, body ? [...list, 'content-length', String(body.byteLength)] : list)
  res.end(body ?? undefined)
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
 * keep-alive timeout, as `next start` without `--keepAliveTimeout`.
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
        if (hit) return write(res, hit)
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
