import { PublishingError } from '../errors'
import { runAdapterContract, sampleDocument } from './adapterContract'
import { createFakeAdapter, type FakeContext, type FakeStore } from './fakeAdapter'

/** A context by hand: no Payload, and a fetch that fails loudly should the fake ever use it. */
const contextFor = (token = 'good-token', integration = 1): FakeContext => ({
  config: { bucket: 'b' },
  credentials: { token },
  integration: { id: integration, name: `Fake ${integration}`, site: 1 },
  fetch: () => {
    throw new Error('the fake adapter must not use the network')
  },
  logger: { info: () => undefined, warn: () => undefined },
})

runAdapterContract('fake', { collections: ['posts'] }, async () => {
  const { adapter, store } = createFakeAdapter()
  const live = (id: string) => store.copies.get(id)
  return {
    adapter,
    context: contextFor(),
    badContext: contextFor('bad-token'),
    dedupesByKey: true,
    remote: {
      count: async () => store.live().length,
      get: async (id) => {
        const copy = live(id)
        return copy ? { title: copy.document.title, status: copy.status } : null
      },
    },
    injectLostAnswer: () => store.failNext('drop'),
    teardown: async () => undefined,
  }
})

describe('fake adapter', () => {
  /** A clock that starts at a fixed time and moves a second per reading. */
  const tickingClock = () => {
    let t = Date.parse('2025-06-01T12:00:00.000Z')
    return () => new Date((t += 1000))
  }

  let store: FakeStore
  let fake: ReturnType<typeof createFakeAdapter>['adapter']
  const context = contextFor()

  beforeEach(() => {
    ;({ adapter: fake, store } = createFakeAdapter({ now: tickingClock() }))
  })

  it('mints ids fake-1, fake-2… and stamps copies with the injected clock', async () => {
    const first = await fake.publish(context, {
      document: sampleDocument({ collection: 'posts', id: 1 }),
      remote: null,
      idempotencyKey: 'k1',
    })
    const second = await fake.publish(context, {
      document: sampleDocument({ collection: 'posts', id: 2 }),
      remote: null,
      idempotencyKey: 'k2',
    })
    expect(first).toEqual({
      remoteId: 'fake-1',
      remoteUrl: 'https://fake.example/b/contract-sample-post',
      remoteModifiedAt: '2025-06-01T12:00:01.000Z',
    })
    expect(second).toMatchObject({
      remoteId: 'fake-2',
      remoteModifiedAt: '2025-06-01T12:00:02.000Z',
    })
    const updated = await fake.publish(context, {
      document: sampleDocument({ collection: 'posts', id: 1, title: 'New' }),
      remote: { id: 'fake-1', url: null, modifiedAt: null },
      idempotencyKey: 'k3',
    })
    expect(updated.remoteModifiedAt).toBe('2025-06-01T12:00:03.000Z')
    expect(store.copies.get('fake-1')).toMatchObject({
      version: 2,
      status: 'publish',
      document: { title: 'New' },
    })
    expect(store.calls).toEqual({ testConnection: 0, publish: 3, unpublish: 0, findExisting: 0 })
  })

  it('keeps its own copy of the delivered document', async () => {
    const document = sampleDocument({ collection: 'posts' })
    await fake.publish(context, { document, remote: null, idempotencyKey: 'k' })
    document.title = 'Changed after delivery'
    expect(store.copies.get('fake-1')?.document.title).toBe('Contract sample post')
  })

  it('throws a scripted error before doing anything, then carries on', async () => {
    const outage = new PublishingError('HTTP 503: maintenance', {
      retryable: true,
      status: 503,
      retryAfterMs: 5000,
    })
    store.failNext(outage)
    const input = {
      document: sampleDocument({ collection: 'posts' }),
      remote: null,
      idempotencyKey: 'k',
    }
    await expect(fake.publish(context, input)).rejects.toBe(outage)
    expect(store.copies.size).toBe(0)
    expect(store.idempotencyKeys.size).toBe(0)
    await expect(fake.publish(context, input)).resolves.toMatchObject({ remoteId: 'fake-1' })
    expect(store.calls.publish).toBe(2)
    expect(store.pendingFailures).toEqual([])
  })

  it("'drop' stores the copy, loses the answer, and a retry with the same key gets that copy", async () => {
    store.failNext('drop')
    const input = {
      document: sampleDocument({ collection: 'posts' }),
      remote: null,
      idempotencyKey: 'k',
    }
    const lost = await fake.publish(context, input).catch((error: unknown) => error)
    expect(lost).toBeInstanceOf(PublishingError)
    expect(lost).toMatchObject({ retryable: true, status: null })
    expect([...store.copies.keys()]).toEqual(['fake-1'])

    await expect(fake.publish(context, input)).resolves.toMatchObject({ remoteId: 'fake-1' })
    // The repeat changed nothing: same copy, same version.
    expect([...store.copies.keys()]).toEqual(['fake-1'])
    expect(store.copies.get('fake-1')?.version).toBe(1)
  })

  it('uses scripted failures in order, across verbs', async () => {
    const refused = new PublishingError('HTTP 403', { retryable: false, status: 403 })
    store.failNext('drop')
    store.failNext(refused)
    // A lost answer to the ping reads as a failed connection test, never as a throw.
    await expect(fake.testConnection(context)).resolves.toMatchObject({ ok: false })
    await expect(
      fake.findExisting?.(context, sampleDocument({ collection: 'posts' })),
    ).rejects.toBe(refused)
    expect(store.calls).toMatchObject({ testConnection: 1, findExisting: 1 })
  })

  it('refuses any token but good-token: ok:false on testConnection, a final 401 on publish', async () => {
    const bad = contextFor('stolen-token')
    await expect(fake.testConnection(bad)).resolves.toEqual({
      ok: false,
      message: expect.stringContaining('the token was refused'),
    })
    const error = await fake
      .publish(bad, {
        document: sampleDocument({ collection: 'posts' }),
        remote: null,
        idempotencyKey: 'k',
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PublishingError)
    expect(error).toMatchObject({ retryable: false, status: 401 })
    expect(store.copies.size).toBe(0)
  })

  it('findExisting only sees copies of the same integration that are not in the trash', async () => {
    const document = sampleDocument({ collection: 'posts' })
    const { remoteId } = await fake.publish(context, {
      document,
      remote: null,
      idempotencyKey: 'k1',
    })
    expect(await fake.findExisting?.(contextFor('good-token', 2), document)).toBeNull()
    expect(await fake.findExisting?.(context, document)).toMatchObject({ remoteId })
    await fake.unpublish(context, {
      document,
      remote: { id: remoteId, url: null, modifiedAt: null },
      action: 'delete',
      idempotencyKey: 'k2',
    })
    expect(store.copies.get(remoteId)?.status).toBe('trashed')
    expect(await fake.findExisting?.(context, document)).toBeNull()
  })

  it('publishing over a copy that vanished makes a new one instead of failing forever', async () => {
    const result = await fake.publish(context, {
      document: sampleDocument({ collection: 'posts' }),
      remote: { id: 'fake-99', url: null, modifiedAt: null },
      idempotencyKey: 'k',
    })
    expect(result.remoteId).toBe('fake-1')
  })
})
