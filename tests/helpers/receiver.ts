import http from 'http'

import { verifySignature } from '@plugins/adapter-webhook'

/** How the receiver answers one request: a status and body, or dropping the connection. */
export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  /**
   * Stores the copy, then drops the connection without answering (the answer is lost). `before`
   * runs first, e.g. to kill the runner between the remote call and saving its result.
   */
  | { kind: 'commit-then-drop'; before?: () => void }
  /** Calls `hook` on the request (e.g. to kill the runner), then never answers. */
  | { kind: 'hang'; hook?: () => void }

export type ReceivedRequest = {
  event: string
  idempotencyKey: string
  signatureValid: boolean
  document: Record<string, any> | null
  headers: http.IncomingHttpHeaders
}

/**
 * A webhook receiver on loopback that behaves like a careful real one: it checks signatures and
 * deduplicates on Idempotency-Key, so a retried delivery gets the copy it already made.
 */
export const startReceiver = async (secret: string) => {
  const requests: ReceivedRequest[] = []
  const copies = new Map<string, string>()
  const script: Behaviour[] = []
  let minted = 0

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const parsed = JSON.parse(raw) as {
        event: string
        idempotencyKey: string
        document: Record<string, any> | null
      }
      const key = String(req.headers['idempotency-key'])
      requests.push({
        event: parsed.event,
        idempotencyKey: key,
        signatureValid: verifySignature(
          raw,
          secret,
          req.headers['x-syndicate-signature'] as string,
        ),
        document: parsed.document,
        headers: req.headers,
      })
      const behaviour = script.shift() ?? { kind: 'ok' }
      if (behaviour.kind === 'status') {
        res.writeHead(behaviour.status, {
          'Content-Type': 'application/json',
          ...behaviour.headers,
        })
        res.end(JSON.stringify({ message: behaviour.message ?? `status ${behaviour.status}` }))
        return
      }
      if (behaviour.kind === 'hang') {
        behaviour.hook?.()
        return
      }
      let id = copies.get(key) ?? (parsed.document?.remoteId as string | null) ?? null
      if (!id && (parsed.event === 'publish' || parsed.event === 'update')) id = `copy-${++minted}`
      if (id) copies.set(key, id)
      if (behaviour.kind === 'commit-then-drop') {
        behaviour.before?.()
        req.socket.destroy()
        return
      }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(id ? { id, url: `https://receiver.example/${id}` } : { ok: true }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    script,
    /** How many remote copies this receiver has created in all. */
    created: () => minted,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>
