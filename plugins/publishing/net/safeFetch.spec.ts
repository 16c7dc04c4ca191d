import type { Socket } from 'node:net'

import http from 'node:http'

import { MAX_RESPONSE_BYTES, ResponseTooLargeError } from './readBody'
import {
  DestinationRefusedError,
  safeFetch,
  SafeFetchTimeoutError,
  TooManyRedirectsError,
} from './safeFetch'

/** What a test server saw of one request. */
type Seen = {
  server: 'A' | 'B'
  method: string
  path: string
  headers: http.IncomingHttpHeaders
  body: string
}

const seen: Seen[] = []
/** Sockets of requests to /stream, to check that safeFetch closes its connection. */
const streamSockets: Socket[] = []
/** Settles when the server's answer to /endless was cut off by the client. */
let endlessClosed: Promise<void> = Promise.resolve()

const readBody = async (req: http.IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = []
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
  return Buffer.concat(chunks).toString('utf8')
}

const portOf = (server: http.Server): number => {
  const address = server.address()
  if (address === null || typeof address === 'string')
    throw new Error('server is not listening on TCP')
  return address.port
}

const listen = (server: http.Server, host: string): Promise<void> =>
  new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, () => resolve())
  })

const close = (server: http.Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })

/** Resolves once the socket has closed, or rejects after `ms`. */
const closedWithin = (socket: Socket, ms: number): Promise<void> =>
  new Promise((resolve, reject) => {
    if (socket.destroyed) return resolve()
    const timer = setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms)
    socket.once('close', () => {
      clearTimeout(timer)
      resolve()
    })
  })

/** Runs `action`, expects it to reject, and returns the error for closer inspection. */
const rejectionOf = async (action: Promise<unknown>): Promise<Error> => {
  try {
    await action
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`expected an Error, got ${String(error)}`)
  }
  throw new Error('expected a rejection, but the promise resolved')
}

// Server B listens on 127.0.0.2 (Linux routes all of 127/8 to loopback), so the address policy
// can tell it apart from server A on 127.0.0.1.
const serverB = http.createServer(async (req, res) => {
  seen.push({
    server: 'B',
    method: req.method ?? '',
    path: req.url ?? '',
    headers: req.headers,
    body: await readBody(req),
  })
  res.end('hello from B')
})

const serverA = http.createServer(async (req, res) => {
  const path = req.url ?? ''
  seen.push({
    server: 'A',
    method: req.method ?? '',
    path,
    headers: req.headers,
    body: await readBody(req),
  })
  const redirect = (status: number, location: string): void => {
    res.writeHead(status, { location })
    res.end('redirect body that nobody should need')
  }
  switch (path) {
    case '/to-b':
      return redirect(302, `http://127.0.0.2:${portOf(serverB)}/landing`)
    case '/see-other':
      return redirect(303, '/echo')
    case '/temporary':
      return redirect(307, '/echo')
    case '/loop':
      return redirect(302, '/loop')
    case '/to-file':
      return redirect(302, 'file:///etc/passwd')
    case '/hang':
      return // never answers
    case '/stalled-body':
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('the start, and then nothing')
      return
    case '/endless': {
      // No Content-Length, and no end: only the client's cap stops it.
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      endlessClosed = new Promise((resolve) => res.on('close', () => resolve()))
      const chunk = Buffer.alloc(16 * 1024, 0x78)
      const pump = (): void => {
        while (!res.destroyed && res.write(chunk)) continue
      }
      res.on('drain', pump)
      return pump()
    }
    case '/declares-large':
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(MAX_RESPONSE_BYTES + 1),
      })
      res.write('{"a":')
      return // the rest never comes: the declared size alone must be refused
    case '/stream':
      streamSockets.push(req.socket)
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.write('first part, ')
      setTimeout(() => res.end('second part'), 100)
      return
    default:
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(`hello from A ${path}`)
  }
})

let a = ''

beforeAll(async () => {
  await listen(serverA, '127.0.0.1')
  await listen(serverB, '127.0.0.2')
  a = `http://127.0.0.1:${portOf(serverA)}`
})

afterAll(async () => {
  await Promise.all([close(serverA), close(serverB)])
})

beforeEach(() => {
  seen.length = 0
})

/** A policy that allows everything but the addresses given. */
const refuseOnly =
  (...refused: string[]) =>
  (address: string): string | null =>
    refused.includes(address) ? 'test-refused' : null

describe('safeFetch: address policy', () => {
  it('refuses a loopback target by default and says why and how to allow it', async () => {
    const error = await rejectionOf(safeFetch(`${a}/hook`))
    expect(error).toBeInstanceOf(DestinationRefusedError)
    expect(error.name).toBe('DestinationRefusedError')
    expect(error.message).toBe(
      `Refused to connect to 127.0.0.1 (loopback address) for ${a}/hook. Private and internal addresses are blocked; set ALLOW_PRIVATE_DESTINATIONS=true to allow them.`,
    )
    expect(error).toMatchObject({
      address: '127.0.0.1',
      reason: 'loopback address',
      url: `${a}/hook`,
    })
    expect(seen).toEqual([])
  })

  it('refuses localhost, which resolves to a loopback address', async () => {
    const error = await rejectionOf(safeFetch(`http://localhost:${portOf(serverA)}/hook`))
    expect(error).toBeInstanceOf(DestinationRefusedError)
    expect(error).toMatchObject({ reason: 'loopback address' })
    expect(['127.0.0.1', '::1']).toContain((error as DestinationRefusedError).address)
    expect(error.message).toContain('(loopback address)')
    expect(seen).toEqual([])
  })

  it('keeps user name and password out of the error', async () => {
    const error = await rejectionOf(
      safeFetch(`http://user:s3cret@127.0.0.1:${portOf(serverA)}/hook`),
    )
    expect(error.message).not.toContain('s3cret')
    expect((error as DestinationRefusedError).url).toBe(`${a}/hook`)
  })

  it.each([
    'file:///etc/passwd',
    'ftp://example.com/file',
    'data:text/plain,hello',
    'gopher://example.com/',
  ])('refuses the non-http URL %s', async (url) => {
    const error = await rejectionOf(safeFetch(url, { allowPrivate: true }))
    expect(error).toBeInstanceOf(DestinationRefusedError)
    expect((error as DestinationRefusedError).reason).toBe(
      `unsupported scheme ${new URL(url).protocol}`,
    )
    expect(error.message).toContain('only http: and https: URLs are allowed')
  })
})

describe('safeFetch: requests that are allowed', () => {
  it('sends a GET with its headers when private addresses are allowed', async () => {
    const response = await safeFetch(`${a}/plain`, {
      allowPrivate: true,
      headers: { 'x-test': 'yes' },
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('hello from A /plain')
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ method: 'GET', path: '/plain', body: '' })
    expect(seen[0]?.headers['x-test']).toBe('yes')
    expect(seen[0]?.headers.host).toBe(`127.0.0.1:${portOf(serverA)}`)
  })

  it('sends a POST with a JSON body', async () => {
    const body = JSON.stringify({ title: 'Hello', n: 1 })
    const response = await safeFetch(`${a}/hook`, {
      allowPrivate: true,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': 'abc' },
      body,
    })
    expect(response.status).toBe(200)
    await response.text()
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/hook', body })
    expect(seen[0]?.headers['content-type']).toBe('application/json')
    expect(seen[0]?.headers['x-signature']).toBe('abc')
  })

  it('connects by host name to the checked address and keeps the Host header', async () => {
    const response = await safeFetch(`http://localhost:${portOf(serverA)}/named`, {
      allowPrivate: true,
    })
    expect(await response.text()).toBe('hello from A /named')
    expect(seen[0]?.headers.host).toBe(`localhost:${portOf(serverA)}`)
  })

  it('sends a Uint8Array body', async () => {
    const response = await safeFetch(`${a}/bytes`, {
      allowPrivate: true,
      method: 'PUT',
      body: new TextEncoder().encode('bytes!'),
    })
    await response.text()
    expect(seen[0]).toMatchObject({ method: 'PUT', body: 'bytes!' })
  })
})

describe('safeFetch: redirects', () => {
  it('re-checks the address of every hop and refuses a redirect to a refused address', async () => {
    const error = await rejectionOf(safeFetch(`${a}/to-b`, { refuse: refuseOnly('127.0.0.2') }))
    expect(error).toBeInstanceOf(DestinationRefusedError)
    expect(error).toMatchObject({ address: '127.0.0.2', reason: 'test-refused' })
    expect(error.message).toContain('Refused to connect to 127.0.0.2 (test-refused)')
    expect(seen.map((request) => request.server)).toEqual(['A'])
  })

  it('follows a redirect whose target is allowed', async () => {
    const response = await safeFetch(`${a}/to-b`, {
      refuse: refuseOnly(),
      headers: { authorization: 'Bearer secret', 'x-signature': 'abc' },
    })
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('hello from B')
    expect(response.url).toBe(`http://127.0.0.2:${portOf(serverB)}/landing`)
    expect(seen.map((request) => request.server)).toEqual(['A', 'B'])
    // Credentials are for the origin they were given to; other headers go along.
    expect(seen[1]?.headers.authorization).toBeUndefined()
    expect(seen[1]?.headers['x-signature']).toBe('abc')
  })

  it('turns a POST into a GET without body after 303', async () => {
    const response = await safeFetch(`${a}/see-other`, {
      allowPrivate: true,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    })
    expect(await response.text()).toBe('hello from A /echo')
    expect(seen.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'POST', path: '/see-other', body: '{"a":1}' },
      { method: 'GET', path: '/echo', body: '' },
    ])
    expect(seen[1]?.headers['content-type']).toBeUndefined()
  })

  it('keeps method and body after 307', async () => {
    const response = await safeFetch(`${a}/temporary`, {
      allowPrivate: true,
      method: 'POST',
      body: 'again',
    })
    await response.text()
    expect(seen.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'POST', path: '/temporary', body: 'again' },
      { method: 'POST', path: '/echo', body: 'again' },
    ])
  })

  it('gives up after maxRedirects', async () => {
    const error = await rejectionOf(safeFetch(`${a}/loop`, { allowPrivate: true, maxRedirects: 2 }))
    expect(error).toBeInstanceOf(TooManyRedirectsError)
    expect(error.message).toBe(`Too many redirects: ${a}/loop redirected more than 2 times`)
    expect(seen).toHaveLength(3)
  })

  it('refuses a redirect to a non-http URL', async () => {
    const error = await rejectionOf(safeFetch(`${a}/to-file`, { allowPrivate: true }))
    expect(error).toBeInstanceOf(DestinationRefusedError)
    expect((error as DestinationRefusedError).reason).toBe('unsupported scheme file:')
  })
})

describe('safeFetch: timeouts and connections', () => {
  it('rejects with a TimeoutError when the server never answers', async () => {
    const started = Date.now()
    const error = await rejectionOf(safeFetch(`${a}/hang`, { allowPrivate: true, timeoutMs: 300 }))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(error).toBeInstanceOf(SafeFetchTimeoutError)
    expect(error.name).toBe('TimeoutError')
    expect(error.message).toBe(`${a}/hang did not answer within 300 ms`)
  })

  it('also bounds reading the body', async () => {
    const started = Date.now()
    const response = await safeFetch(`${a}/stalled-body`, { allowPrivate: true, timeoutMs: 300 })
    // The body stream fails with AbortSignal.timeout's DOMException. Jest runs tests in another
    // realm than Node's DOMException, so `instanceof Error` is false here; match the name instead.
    await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' })
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('closes its connection once the body has been read', async () => {
    const response = await safeFetch(`${a}/stream`, { allowPrivate: true })
    expect(await response.text()).toBe('first part, second part')
    const socket = streamSockets[0]
    if (!socket) throw new Error('the server saw no /stream request')
    // Well before the server's own keep-alive timeout (5 s): it is the client that closed it.
    await closedWithin(socket, 1000)
  })
})

describe('safeFetch: body size cap', () => {
  it('stops reading a body without Content-Length once it passes maxBytes, and closes the connection', async () => {
    const response = await safeFetch(`${a}/endless`, { allowPrivate: true, maxBytes: 256 * 1024 })
    const error = await rejectionOf(response.text())
    expect(error).toBeInstanceOf(ResponseTooLargeError)
    expect(error.message).toBe('the answer is larger than the limit of 256 KiB')
    await endlessClosed
  })

  it('refuses a declared Content-Length over the default cap before reading anything', async () => {
    const error = await rejectionOf(safeFetch(`${a}/declares-large`, { allowPrivate: true }))
    expect(error).toBeInstanceOf(ResponseTooLargeError)
    expect(error.message).toBe('the answer is larger than the limit of 25 MiB')
  })

  it('reads a body under the cap whole, status and headers kept', async () => {
    const response = await safeFetch(`${a}/small`, { allowPrivate: true, maxBytes: 64 })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/plain')
    expect(await response.text()).toBe('hello from A /small')
  })
})
