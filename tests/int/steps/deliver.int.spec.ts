/**
 * One step of the publishing pipeline: `deliver(req, { record, revision })`, one delivery of one
 * record to one destination, against the fake adapter (tests/helpers/fakeDestinations.ts) on a
 * real PostgreSQL. The record and its job come from `fanOut`, as in the app; nothing else runs (no
 * runner, no hooks: documents are saved with `skipPublishing`). The end-to-end suites
 * (publishing.int.spec.ts, wordpress.int.spec.ts) cover the same ground through real receivers.
 */
import type { Payload } from 'payload'

import { deliver } from '@plugins/publishing/delivery/deliver'
import { fanOut } from '@plugins/publishing/delivery/fanOut'
import { PublishingError, SKIP_PUBLISHING } from '@plugins/publishing/exports/server'

import {
  BUCKET,
  createFakeIntegration,
  deliveryJobs,
  GOOD_TOKEN,
  recordById,
  recordOf,
  resettableFake,
  startStepApp,
  type StepApp,
} from '../../helpers/fakeDestinations'
import { lexicalParagraph } from '../../helpers/fixtures'

const fake = resettableFake()

let step: StepApp
let payload: Payload
let site: number
let integration: number
let serial = 0

beforeAll(async () => {
  step = await startStepApp(fake.adapter)
  payload = step.payload
})
afterAll(async () => step?.app.close())

beforeEach(async () => {
  fake.reset()
  // A site of its own per test: its only destination is this test's integration.
  site = Number(
    (
      await payload.create({
        collection: 'sites',
        data: { name: `Deliver ${++serial}`, siteType: 'blog' },
      })
    ).id,
  )
  integration = await createFakeIntegration(payload, site)
})

/** A published post, saved without the save's own fan-out (the test drives the steps). */
const publishPost = async (title: string, data: Record<string, unknown> = {}): Promise<number> => {
  const doc = await payload.create({
    collection: 'posts',
    data: {
      site,
      title,
      _status: 'published',
      content: lexicalParagraph(`${title} body.`),
      ...data,
    } as never,
    context: { [SKIP_PUBLISHING]: true },
  })
  return Number(doc.id)
}

const editPost = (id: number, data: Record<string, unknown>) =>
  payload.update({
    collection: 'posts',
    id,
    data: data as never,
    context: { [SKIP_PUBLISHING]: true },
  })

/** Fans the post out (publish or remove) and returns the delivery the fan-out queued for this test's integration. */
const queued = async (id: number, action: 'publish' | 'remove' = 'publish') => {
  await fanOut(await step.req(), { collection: 'posts', id, action })
  const record = await recordOf(payload, 'posts', id, integration)
  return { record: Number(record.id), revision: Number(record.pending.revision) }
}

const run = async (input: { record: number; revision: number }) => deliver(await step.req(), input)

describe('deliver (one delivery, fake destination)', () => {
  it('publishes: creates the copy and stores its remote id, URL, modification time, content hash and a success', async () => {
    const post = await publishPost('First delivery')
    const input = await queued(post)
    expect(await run(input)).toBe('published')

    expect(fake.store.live()).toHaveLength(1)
    const copy = fake.store.live()[0]!
    expect(copy).toMatchObject({ id: 'fake-1', status: 'publish', version: 1 })
    expect(copy.document).toMatchObject({
      collection: 'posts',
      id: post,
      title: 'First delivery',
      slug: 'first-delivery',
    })
    expect(copy.document.html).toContain('First delivery body.')

    const record = await recordById(payload, input.record)
    expect(record).toMatchObject({
      status: 'published',
      remoteId: 'fake-1',
      remoteUrl: `https://fake.example/${BUCKET}/first-delivery`,
      attempts: 1,
      lastError: null,
    })
    expect(Date.parse(record.remoteModifiedAt)).toBe(Date.parse(copy.modifiedAt))
    expect(record.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(record.publishedAt).toBeTruthy()
    expect(record.history).toHaveLength(1)
    expect(record.history[0]).toMatchObject({ action: 'publish', outcome: 'success' })
  })

  it('updates the same remote copy on the next revision, with a new content hash', async () => {
    const post = await publishPost('Before')
    await run(await queued(post))
    const before = await recordOf(payload, 'posts', post, integration)

    await editPost(post, { title: 'After' })
    const input = await queued(post)
    expect(input.revision).toBe(2)
    expect(await run(input)).toBe('published')

    expect(fake.store.copies.size).toBe(1)
    expect(fake.store.copies.get('fake-1')).toMatchObject({ version: 2, status: 'publish' })
    expect(fake.store.copies.get('fake-1')!.document.title).toBe('After')
    const record = await recordById(payload, input.record)
    expect(record).toMatchObject({ status: 'published', remoteId: 'fake-1' })
    expect(record.contentHash).not.toBe(before.contentHash)
    expect(record.history.map((h: { outcome: string }) => h.outcome)).toEqual([
      'success',
      'success',
    ])
  })

  it('puts a retryable failure back in the queue: record queued with nextAttemptAt, a new job due then', async () => {
    const post = await publishPost('Flaky')
    const input = await queued(post)
    fake.store.failNext(
      new PublishingError('The fake publish failed: HTTP 503: busy', {
        retryable: true,
        status: 503,
        retryAfterMs: 120_000,
      }),
    )
    const before = Date.now()
    expect(await run(input)).toBe('retry')

    const record = await recordById(payload, input.record)
    expect(record).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: 'The fake publish failed: HTTP 503: busy',
    })
    expect(record.history[0]).toMatchObject({
      action: 'publish',
      outcome: 'retry',
      message: 'The fake publish failed: HTTP 503: busy',
    })
    // The remote's Retry-After (2 min) wins over the test's 50 ms backoff.
    const next = Date.parse(record.nextAttemptAt)
    expect(next).toBeGreaterThanOrEqual(before + 120_000)
    expect(next).toBeLessThan(Date.now() + 121_000)
    expect(fake.store.live()).toHaveLength(0)

    // The fan-out's job, and the retry's: same record and revision, the retry waiting until nextAttemptAt.
    const jobs = await deliveryJobs(payload, [input.record])
    expect(jobs).toHaveLength(2)
    expect(jobs[1]).toMatchObject({ record: input.record, revision: input.revision })
    expect(Date.parse(jobs[1]!.waitUntil!)).toBe(next)

    expect(await run(input)).toBe('published')
    expect(await recordById(payload, input.record)).toMatchObject({
      status: 'published',
      attempts: 2,
      remoteId: 'fake-1',
      lastError: null,
      nextAttemptAt: null,
    })
  })

  it('fails a record at once on a permanent failure, with lastError and no new job', async () => {
    const post = await publishPost('Refused')
    const input = await queued(post)
    fake.store.failNext(
      new PublishingError('The fake publish failed: HTTP 422: the title is not allowed', {
        retryable: false,
        status: 422,
      }),
    )
    expect(await run(input)).toBe('failed')

    const record = await recordById(payload, input.record)
    expect(record).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'The fake publish failed: HTTP 422: the title is not allowed',
      nextAttemptAt: null,
    })
    expect(record.history[0]).toMatchObject({
      outcome: 'failed',
      message: 'The fake publish failed: HTTP 422: the title is not allowed',
    })
    expect(await deliveryJobs(payload, [input.record])).toHaveLength(1) // the fan-out's only
    expect(fake.store.copies.size).toBe(0)
  })

  it('fails a record once its retries are used up (five in the test config)', async () => {
    const post = await publishPost('Never reachable')
    const input = await queued(post)
    const outcomes: string[] = []
    for (let attempt = 1; attempt <= 6; attempt++) {
      fake.store.failNext(
        new PublishingError(`The fake publish failed: timeout ${attempt}`, { retryable: true }),
      )
      outcomes.push(await run(input))
    }
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'retry', 'retry', 'failed'])
    const record = await recordById(payload, input.record)
    expect(record).toMatchObject({
      status: 'failed',
      attempts: 6,
      lastError: 'The fake publish failed: timeout 6',
    })
    expect(record.history.map((h: { outcome: string }) => h.outcome)).toEqual([
      'failed',
      'retry',
      'retry',
      'retry',
      'retry',
      'retry',
    ])
    expect(await deliveryJobs(payload, [input.record])).toHaveLength(6) // the fan-out's and five retries
  })

  it('supersedes a delivery of an older revision: nothing called, nothing written', async () => {
    const post = await publishPost('Twice saved')
    const older = await queued(post)
    await editPost(post, { title: 'Twice saved, newer' })
    const newer = await queued(post)
    expect(newer).toEqual({ record: older.record, revision: older.revision + 1 })
    const before = await recordById(payload, older.record)

    expect(await run(older)).toBe('superseded')
    expect(fake.store.calls).toEqual({
      testConnection: 0,
      publish: 0,
      unpublish: 0,
      findExisting: 0,
    })
    expect(await recordById(payload, older.record)).toEqual(before)

    expect(await run(newer)).toBe('published')
    expect(fake.store.live()[0]!.document.title).toBe('Twice saved, newer')
  })

  it('unpublishes the copy of a document taken offline, keeping its remote id', async () => {
    const post = await publishPost('Going offline')
    await run(await queued(post))
    await editPost(post, { _status: 'draft' })
    const input = await queued(post, 'remove')
    expect(await run(input)).toBe('unpublished')

    expect(fake.store.copies.get('fake-1')).toMatchObject({ status: 'unpublished', version: 2 })
    const record = await recordById(payload, input.record)
    expect(record).toMatchObject({ status: 'unpublished', remoteId: 'fake-1', lastError: null })
    expect(record.history[0]).toMatchObject({ action: 'unpublish', outcome: 'success' })
  })

  it('deletes the copy when the rule says so, and forgets its remote id', async () => {
    await payload.create({
      collection: 'publishing-rules',
      data: {
        site,
        name: 'Delete copies',
        destinations: [integration],
        unpublishAction: 'delete',
      } as never,
    })
    const post = await publishPost('Going away')
    await run(await queued(post))
    await payload.delete({ collection: 'posts', id: post, context: { [SKIP_PUBLISHING]: true } })
    // A deleted document: the removal job carries what the fan-out needs (the site) in a snapshot.
    await fanOut(await step.req(), {
      collection: 'posts',
      id: post,
      action: 'remove',
      snapshot: {
        site,
        title: 'Going away',
        slug: 'going-away',
        template: null,
        categories: [],
        tags: [],
      },
    })
    const pending = await recordOf(payload, 'posts', post, integration)
    expect(pending.pending).toMatchObject({ action: 'delete' })
    expect(
      await run({ record: Number(pending.id), revision: Number(pending.pending.revision) }),
    ).toBe('unpublished')

    expect(fake.store.copies.get('fake-1')!.status).toBe('trashed')
    expect(fake.store.live()).toHaveLength(0)
    const record = await recordById(payload, Number(pending.id))
    expect(record).toMatchObject({
      status: 'unpublished',
      remoteId: null,
      remoteUrl: null,
      remoteModifiedAt: null,
    })
    expect(record.history[0]).toMatchObject({ action: 'delete', outcome: 'success' })
  })

  it('adopts a copy made earlier through findExisting instead of making a second one', async () => {
    const post = await publishPost('Made before')
    // A copy of this post the remote already holds (a create whose answer never came back to a
    // record since replaced, or another install): made straight through the adapter, another key.
    const doc = {
      collection: 'posts',
      id: post,
      title: 'Made before',
      slug: 'made-before',
      status: 'publish',
    }
    await fake.fake.publish(
      {
        config: { bucket: BUCKET },
        credentials: { token: GOOD_TOKEN },
        integration: { id: integration, name: 'Fake', site },
        fetch: null as never,
        logger: console,
      },
      { document: doc as never, remote: null, idempotencyKey: 'made-elsewhere' },
    )
    const input = await queued(post)
    expect(await run(input)).toBe('published')

    expect(fake.store.calls.findExisting).toBe(1)
    expect([...fake.store.copies.keys()]).toEqual(['fake-1'])
    expect(fake.store.copies.get('fake-1')).toMatchObject({ version: 2 })
    expect(await recordById(payload, input.record)).toMatchObject({
      status: 'published',
      remoteId: 'fake-1',
    })
  })

  it('redacts the credentials a remote echoes in its error from lastError and the history', async () => {
    const post = await publishPost('Leaky remote')
    const input = await queued(post)
    fake.store.failNext(
      new PublishingError(
        `The fake publish failed: HTTP 403: token ${GOOD_TOKEN} may not write here`,
        { retryable: false, status: 403 },
      ),
    )
    expect(await run(input)).toBe('failed')

    const record = await recordById(payload, input.record)
    expect(record.lastError).toBe(
      'The fake publish failed: HTTP 403: token [redacted] may not write here',
    )
    expect(record.history[0].message).toBe(record.lastError)
    expect(JSON.stringify(record)).not.toContain(GOOD_TOKEN)
  })

  it('fails cleanly when the integration is inactive: no remote call, lastError says why', async () => {
    const post = await publishPost('Switched off')
    const input = await queued(post)
    await payload.update({ collection: 'integrations', id: integration, data: { isActive: false } })
    expect(await run(input)).toBe('failed')

    expect(fake.store.calls.publish).toBe(0)
    const record = await recordById(payload, input.record)
    expect(record.status).toBe('failed')
    expect(record.lastError).toMatch(/inactive/)
    expect(await deliveryJobs(payload, [input.record])).toHaveLength(1)
  })

  it('fails cleanly when no adapter registers the platform any more', async () => {
    const post = await publishPost('Orphaned')
    const input = await queued(post)
    // As if the adapter plugin had been removed from the config since the job was queued.
    await payload.db.updateOne({
      collection: 'integrations',
      id: integration,
      data: { platform: 'retired' },
      returning: false,
    })
    expect(await run(input)).toBe('failed')

    expect(fake.store.calls.publish).toBe(0)
    const record = await recordById(payload, input.record)
    expect(record.status).toBe('failed')
    expect(record.lastError).toMatch(/platform "retired", which no adapter registers/)
  })

  it('does nothing for a delivery whose integration was deleted (its records went with it)', async () => {
    const post = await publishPost('Destination gone')
    const input = await queued(post)
    await payload.delete({ collection: 'integrations', id: integration })
    expect(await run(input)).toBe('superseded')

    expect(fake.store.calls.publish).toBe(0)
    expect(
      (
        await payload.find({
          collection: 'publishing-records',
          where: { id: { equals: input.record } },
        })
      ).docs,
    ).toEqual([])
  })
})
