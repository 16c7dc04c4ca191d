import { createHmac } from 'node:crypto'

import type { WebhookConfig, WebhookContext, WebhookCredentials } from './deliver'

import { startReceiver, type Receiver } from '../../tests/helpers/receiver'
import { safeFetch } from '../publishing/exports/server'
import { runAdapterContract, type ContractRemoteStatus } from '../publishing/exports/testing'
import { webhookAdapter } from './adapter'
import { sign, verifySignature } from './sign'

const SECRET = 'contract-signing-secret'

/** A context against `receiver`, through the real SSRF-safe fetch (loopback allowed: it is a test). */
const contextFor = (receiver: Receiver, signingSecret = SECRET): WebhookContext => ({
  config: { url: receiver.url },
  credentials: { signingSecret },
  integration: { id: 1, name: 'Contract webhook', site: 1 },
  fetch: (url, init = {}) => safeFetch(url, { ...init, allowPrivate: true }),
  logger: { info: () => undefined, warn: () => undefined },
})

type RemoteCopy = { title: string; status: ContractRemoteStatus }

/**
 * What the receiver holds, rebuilt from the requests it recorded (the helper exposes no state).
 *
 * It replays the receiver's own rule for ids: a key seen before keeps its id, else the document's
 * `remoteId`, else a publish or update mints `copy-<n>`. Then the latest event per id decides the
 * copy's state: publish/update → live or draft per `document.status`; unpublish → unpublished;
 * delete → gone. Events for ids never published (a removal of an unknown copy) create nothing.
 *
 * The replay assumes every request was committed, which holds as long as nobody scripts `status`
 * or `hang` behaviours (the contract only scripts `commit-then-drop`, which commits). Checking the
 * minted count against `created()` catches the replay drifting from the receiver.
 */
const remoteState = (receiver: Receiver): Map<string, RemoteCopy> => {
  const idsByKey = new Map<string, string>()
  const copies = new Map<string, RemoteCopy>()
  let minted = 0
  for (const request of receiver.requests) {
    const document = request.document
    const remoteId = typeof document?.remoteId === 'string' ? document.remoteId : null
    let id = idsByKey.get(request.idempotencyKey) ?? remoteId
    const writes = request.event === 'publish' || request.event === 'update'
    if (!id && writes) id = `copy-${++minted}`
    if (!id) continue
    idsByKey.set(request.idempotencyKey, id)
    const title = typeof document?.title === 'string' ? document.title : ''
    const existing = copies.get(id)
    if (writes)
      copies.set(id, { title, status: document?.status === 'draft' ? 'draft' : 'publish' })
    else if (request.event === 'unpublish' && existing) existing.status = 'unpublished'
    else if (request.event === 'delete') copies.delete(id)
  }
  if (minted !== receiver.created()) {
    throw new Error(
      `replayed ${minted} created copies but the receiver created ${receiver.created()}: was a failure scripted?`,
    )
  }
  return copies
}

/** Receivers started for the contract, so the signature check below can look at all their requests. */
const contractReceivers: Receiver[] = []

runAdapterContract<WebhookConfig, WebhookCredentials>(
  'webhook',
  { collections: ['posts'] },
  async () => {
    const receiver = await startReceiver(SECRET)
    contractReceivers.push(receiver)
    return {
      adapter: webhookAdapter,
      context: contextFor(receiver),
      // A wrong secret cannot be "refused": the test receiver records signatureValid but still
      // answers 200. A missing secret is the one credential failure the adapter itself detects.
      badContext: contextFor(receiver, ''),
      // findExisting is false, but the receiver answers a repeated Idempotency-Key with its copy.
      dedupesByKey: true,
      remote: {
        count: async () => remoteState(receiver).size,
        get: async (remoteId) => remoteState(receiver).get(remoteId) ?? null,
      },
      injectLostAnswer: () => receiver.script.push({ kind: 'commit-then-drop' }),
      teardown: () => receiver.close(),
    }
  },
)

describe('webhook adapter on the wire', () => {
  // Runs after the contract's tests (jest runs a file's tests in order), over everything they sent.
  it('signed every request the contract sent, and repeated its key in the header', () => {
    const requests = contractReceivers.flatMap((receiver) => receiver.requests)
    expect(requests.length).toBeGreaterThan(0)
    for (const request of requests) {
      expect(request.signatureValid).toBe(true)
      expect(request.headers['x-syndicate-event']).toBe(request.event)
      expect(request.headers['idempotency-key']).toBe(request.idempotencyKey)
    }
  })
})

describe('sign / verifySignature', () => {
  const body = JSON.stringify({
    event: 'publish',
    idempotencyKey: 'k-1',
    document: { title: 'Grüße' },
  })
  const secret = 'whsec_test'

  it('signs as sha256=<hex HMAC-SHA256 of the raw body>', () => {
    const expected = `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
    expect(sign(body, secret)).toBe(expected)
  })

  it('matches the RFC 4231 test vector (case 2)', () => {
    // Independent of node:crypto, so a wrong digest or encoding choice in both would still show.
    expect(sign('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    )
  })

  it('accepts the right signature and refuses tampering, other secrets and junk', () => {
    const signature = sign(body, secret)
    expect(verifySignature(body, secret, signature)).toBe(true)
    expect(verifySignature(body.replace('Grüße', 'Grüsse'), secret, signature)).toBe(false)
    expect(verifySignature(`${body} `, secret, signature)).toBe(false)
    expect(verifySignature(body, 'other-secret', signature)).toBe(false)
    // Different lengths must be refused without timingSafeEqual throwing.
    expect(verifySignature(body, secret, signature.slice(0, -1))).toBe(false)
    expect(verifySignature(body, secret, signature.replace('sha256=', ''))).toBe(false)
    expect(verifySignature(body, secret, '')).toBe(false)
    expect(verifySignature(body, secret, null)).toBe(false)
    expect(verifySignature(body, secret, undefined)).toBe(false)
  })
})
