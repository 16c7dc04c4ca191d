import http from 'http'
import net from 'net'

export type Arrival = { at: number; title: string | null }

/** A webhook receiver on 127.0.0.1 that answers every request 200 `{"id":"..."}` at once. */
export type InstantReceiver = {
  url: string
  /** Requests answered so far. */
  count: () => number
  /** Resolves with the arrival time (performance.now()) of the first request for `title`. */
  arrivalOf: (title: string, timeoutMs: number) => Promise<number>
  close: () => Promise<void>
}

const titleOf = (raw: string): string | null => {
  try {
    const body = JSON.parse(raw) as { document?: { title?: unknown } | null }
    return typeof body.document?.title === 'string' ? body.document.title : null
  } catch {
    return null
  }
}

export const startInstantReceiver = async (): Promise<InstantReceiver> => {
  let answered = 0
  const arrivals = new Map<string, number>()
  const waiters = new Map<string, (at: number) => void>()
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const at = performance.now()
      answered++
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify({ id: `r-${answered}` }))
      const title = titleOf(Buffer.concat(chunks).toString('utf8'))
      if (title !== null && !arrivals.has(title)) {
        arrivals.set(title, at)
        waiters.get(title)?.(at)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => answered,
    arrivalOf: (title, timeoutMs) => {
      const known = arrivals.get(title)
      if (known !== undefined) return Promise.resolve(known)
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(title)
          reject(new Error(`"${title}" did not reach the receiver within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.set(title, (at) => {
          clearTimeout(timer)
          waiters.delete(title)
          resolve(at)
        })
      })
    },
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** A TCP server on 127.0.0.1 that accepts connections and never answers. */
export type BlackHole = {
  url: string
  /** Connections currently held open. */
  open: () => number
  /** Drops the connections held so far (the callers see a reset at once); keeps listening. */
  dropAll: () => void
  close: () => Promise<void>
}

export const startBlackHole = async (): Promise<BlackHole> => {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => {})
    socket.on('close', () => sockets.delete(socket))
    socket.resume() // read and discard whatever is sent; never write
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  const dropAll = () => {
    for (const socket of sockets) socket.destroy()
    sockets.clear()
  }
  return {
    url: `http://127.0.0.1:${port}/hook`,
    open: () => sockets.size,
    dropAll,
    close: () => {
      dropAll()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
