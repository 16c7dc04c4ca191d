import type net from 'net'

import http from 'http'

/**
 * A webhook receiver on 127.0.0.1 that counts what arrives per destination and document, and
 * answers each `publish` 200 `{"id": ...}` after a fixed delay (a real destination takes a while,
 * so running more deliveries at once can help). The destination is the request's path
 * (`/hook/<n>`, one per integration).
 */
export type CountingReceiver = {
  /** The URL for destination `name`. */
  urlOf: (name: string) => string
  /** Arrivals per `<path> <collection>:<id>` key. */
  arrivals: () => ReadonlyMap<string, number>
  /** Requests answered so far. */
  count: () => number
  close: () => Promise<void>
}

/** The key the receiver counts a document's arrival under at destination `path`. */
export const arrivalKey = (path: string, collection: string, id: number): string =>
  `${path} ${collection}:${id}`

const keyOf = (path: string, raw: string): string | null => {
  try {
    const body = JSON.parse(raw) as {
      event?: unknown
      document?: { collection?: unknown; id?: unknown } | null
    }
    const { collection, id } = body.document ?? {}
    if (body.event !== 'publish' || typeof collection !== 'string' || typeof id !== 'number')
      return null
    return arrivalKey(path, collection, id)
  } catch {
    return null
  }
}

export const startCountingReceiver = async (delayMs: number): Promise<CountingReceiver> => {
  let answered = 0
  const arrivals = new Map<string, number>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const key = keyOf(req.url ?? '', Buffer.concat(chunks).toString('utf8'))
      setTimeout(() => {
        answered++
        if (key !== null) arrivals.set(key, (arrivals.get(key) ?? 0) + 1)
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ id: `r-${answered}` }))
      }, delayMs)
    })
  })
  // Deliveries from several processes arrive at once: keep the accept queue deep.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', 1024, resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    urlOf: (name) => `http://127.0.0.1:${port}/hook/${name}`,
    arrivals: () => arrivals,
    count: () => answered,
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
