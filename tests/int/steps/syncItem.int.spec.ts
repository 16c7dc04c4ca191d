/**
 * One step of two-way sync: `processItem(run, item, record)`, the decision and action for one
 * listed remote item, against the fake adapter with the pull capability
 * (tests/helpers/fakeDestinations.ts `withPull`) on a real PostgreSQL. The `run` is built as
 * sync/syncIntegration.ts builds it; remote items are the fake's copies as it would list them
 * (`remoteItemOf`), edited at the "destination" with `editRemotely`. The end-to-end suite against
 * WordPress is sync.int.spec.ts.
 */
import type { Payload } from 'payload'

import type { RemoteItem } from '@plugins/publishing/exports/server'

import { deliver } from '@plugins/publishing/delivery/deliver'
import { fanOut } from '@plugins/publishing/delivery/fanOut'
import { SKIP_PUBLISHING } from '@plugins/publishing/exports/server'
import { adapterContext } from '@plugins/publishing/integrations/adapterContext'
import { processItem } from '@plugins/publishing/sync/processItem'
import { loadSyncIntegration } from '@plugins/publishing/sync/syncIntegration'
import { emptyStats, type SyncRun } from '@plugins/publishing/sync/types'

import {
  createFakeIntegration,
  deliveryJobs,
  editRemotely,
  fanOutJobs,
  recordById,
  recordOf,
  recordsOf,
  remoteItemOf,
  resettableFake,
  startStepApp,
  type RecordDoc,
  type StepApp,
} from '../../helpers/fakeDestinations'
import { lexicalParagraph } from '../../helpers/fixtures'

type SyncRecord = NonNullable<Parameters<typeof processItem>[2]>

const fake = resettableFake({ pull: true })

let step: StepApp
let payload: Payload
let site: number
let serial = 0

beforeAll(async () => {
  step = await startStepApp(fake.adapter)
  payload = step.payload
})
afterAll(async () => step?.app.close())

beforeEach(async () => {
  fake.reset()
  site = Number(
    (
      await payload.create({
        collection: 'sites',
        data: { name: `Sync ${++serial}`, siteType: 'blog' },
      })
    ).id,
  )
})

/** An integration that syncs both ways (the defaults of a new one: import on, manual conflicts). */
const syncIntegration = (data: Record<string, unknown> = {}) =>
  createFakeIntegration(payload, site, { name: `Synced ${serial}`, syncEnabled: true, ...data })

/** What sync/syncIntegration.ts hands processItem: the integration as sync loads it, its adapter and context. */
const runFor = async (integration: number): Promise<SyncRun> => {
  const req = await step.req()
  const loaded = await loadSyncIntegration(req, integration)
  if (!loaded) throw new Error(`integration ${integration} not found`)
  const { adapter, context } = await adapterContext(req.payload, req, integration)
  return { req, integration: loaded, adapter, context, stats: emptyStats(), handled: new Set() }
}

/** The record as processItem receives it (syncIntegration reads it straight from the database). */
const asSyncRecord = (record: RecordDoc) => record as unknown as SyncRecord

const localPost = (id: number) => payload.findByID({ collection: 'posts', id, depth: 0 })

/** A post published here and delivered to `integration`: its record, now in step with its copy. */
const publishedAndDelivered = async (
  integration: number,
  title: string,
): Promise<{ post: number; record: RecordDoc; item: () => RemoteItem }> => {
  const doc = await payload.create({
    collection: 'posts',
    data: {
      site,
      title,
      _status: 'published',
      content: lexicalParagraph(`${title} body.`),
    } as never,
    context: { [SKIP_PUBLISHING]: true },
  })
  const post = Number(doc.id)
  await fanOut(await step.req(), { collection: 'posts', id: post, action: 'publish' })
  const queued = await recordOf(payload, 'posts', post, integration)
  expect(
    await deliver(await step.req(), {
      record: Number(queued.id),
      revision: Number(queued.pending.revision),
    }),
  ).toBe('published')
  const record = await recordById(payload, Number(queued.id))
  const copy = fake.store.copies.get(record.remoteId)!
  return { post, record, item: () => remoteItemOf(copy) }
}

/** Edits the local post without delivering it (as a pull from another integration does). */
const editLocally = (id: number, title: string) =>
  payload.update({
    collection: 'posts',
    id,
    data: { title, _status: 'published' } as never,
    context: { [SKIP_PUBLISHING]: true },
  })

const editAtDestination = (
  record: RecordDoc,
  title: string,
  html = `<p>${title}, written at the destination.</p>`,
) =>
  editRemotely(
    fake.store.copies.get(record.remoteId)!,
    { title, html },
    new Date(Date.now() + 1000),
  )

const jobsOf = async (record: RecordDoc) =>
  (await deliveryJobs(payload, [Number(record.id)])).map((job) => job.revision)

/** A write sync makes here must not look like a save to deliver: no fan-out job for the document. */
const expectNoSaveFanOut = async (post: number) =>
  expect(await fanOutJobs(payload, 'posts', post)).toBe(0)

describe('processItem (one remote item, fake destination with pull)', () => {
  it("imports a new remote item: a document of the integration's site and a record linking it, delivered nowhere back", async () => {
    const integration = await syncIntegration()
    const run = await runFor(integration)
    const item: RemoteItem = {
      remoteId: 'remote-1',
      collection: 'posts',
      title: 'Written at the destination',
      slug: 'written-at-the-destination',
      html: '<h2>Hello</h2><p>From <strong>afar</strong>.</p>',
      excerpt: 'A remote excerpt',
      status: 'publish',
      modifiedAt: '2026-11-30T10:00:00.000Z',
      url: 'https://fake.example/steps/written-at-the-destination',
      categories: ['Remote news'],
      tags: [],
      featuredImage: null,
      removed: null,
      source: null,
    }
    await processItem(run, item, null)

    expect(run.stats).toMatchObject({ pulled: 1, created: 1, updated: 0, pushed: 0, conflicts: 0 })
    const [record] = await recordsOf(payload, {
      integration: { equals: integration },
      remoteId: { equals: 'remote-1' },
    })
    expect(record).toMatchObject({
      status: 'published',
      site,
      documentCollection: 'posts',
      documentTitle: 'Written at the destination',
      remoteUrl: item.url,
      remoteState: 'present',
    })
    expect(record!.remoteHash).toMatch(/^[0-9a-f]{64}$/)
    expect(record!.contentHash).toMatch(/^[0-9a-f]{64}$/)
    const post = await localPost(record!.documentId)
    expect(post).toMatchObject({
      site,
      title: 'Written at the destination',
      slug: 'written-at-the-destination',
      excerpt: 'A remote excerpt',
      _status: 'published',
    })
    expect(JSON.stringify(post.content)).toContain('afar')
    const [category] = (
      await payload.find({
        collection: 'categories',
        where: { id: { in: post.categories as number[] } },
        depth: 0,
      })
    ).docs
    expect(category).toMatchObject({ name: 'Remote news', site })
    expect(await jobsOf(record!)).toEqual([])
    await expectNoSaveFanOut(post.id as number)
    expect(fake.store.calls.publish).toBe(0)

    // Never imported: a copy of one of ours (our source marker), a trashed item.
    await processItem(
      run,
      {
        ...item,
        remoteId: 'remote-2',
        slug: 'ours',
        source: { collection: 'posts', id: post.id as number },
      },
      null,
    )
    await processItem(
      run,
      { ...item, remoteId: 'remote-3', slug: 'binned', removed: 'trashed' },
      null,
    )
    expect(run.stats).toMatchObject({ pulled: 1, created: 1 })
    expect(
      await recordsOf(payload, {
        integration: { equals: integration },
        remoteId: { in: ['remote-2', 'remote-3'] },
      }),
    ).toEqual([])
  })

  it("pulls a remote edit into the document without delivering it back; the site's other destinations get it", async () => {
    const integration = await syncIntegration()
    const other = await createFakeIntegration(payload, site, { name: `Other ${serial}` })
    const { post, record, item } = await publishedAndDelivered(integration, 'Original title')
    const otherRecord = await recordOf(payload, 'posts', post, other)
    const publishes = fake.store.calls.publish
    editAtDestination(record, 'Edited at the destination')

    const run = await runFor(integration)
    await processItem(run, item(), asSyncRecord(record))

    expect(run.stats).toMatchObject({ pulled: 1, updated: 1, pushed: 1, conflicts: 0 })
    const local = await localPost(post)
    expect(local.title).toBe('Edited at the destination')
    expect(JSON.stringify(local.content)).toContain(
      'Edited at the destination, written at the destination.',
    )
    const after = await recordById(payload, Number(record.id))
    expect(after).toMatchObject({
      status: 'published',
      remoteId: record.remoteId,
      documentTitle: 'Edited at the destination',
      lastError: null,
    })
    expect(after.remoteHash).not.toBe(record.remoteHash)
    expect(after.contentHash).not.toBe(record.contentHash)
    expect(Date.parse(after.remoteModifiedAt)).toBe(Date.parse(item().modifiedAt))
    // No echo: no new delivery to where it came from, and no remote call; the other destination gets revision 2.
    expect(await jobsOf(record)).toEqual([1])
    expect(after.pending.revision).toBe(record.pending.revision)
    expect(fake.store.calls.publish).toBe(publishes)
    await expectNoSaveFanOut(post)
    expect(await jobsOf(otherRecord)).toEqual([1, 2])
  })

  it('pushes a local edit: a delivery of the document over its unchanged copy is queued', async () => {
    const integration = await syncIntegration()
    const { post, record, item } = await publishedAndDelivered(integration, 'Local title')
    await editLocally(post, 'Edited here')

    const run = await runFor(integration)
    await processItem(run, item(), asSyncRecord(record))

    expect(run.stats).toMatchObject({ pulled: 1, pushed: 1, updated: 0, conflicts: 0 })
    const after = await recordById(payload, Number(record.id))
    expect(after).toMatchObject({
      status: 'queued',
      documentTitle: 'Edited here',
      pending: { revision: 2, action: 'publish' },
    })
    expect(await jobsOf(record)).toEqual([1, 2])
    expect((await localPost(post)).title).toBe('Edited here')
    expect(fake.store.copies.get(record.remoteId)!.document.title).toBe('Local title')
  })

  describe('both sides edited', () => {
    const bothEdited = async (conflictPolicy: 'manual' | 'prefer-local' | 'prefer-remote') => {
      const integration = await syncIntegration({ conflictPolicy })
      const { post, record, item } = await publishedAndDelivered(integration, 'Common ancestor')
      await editLocally(post, 'Local side')
      editAtDestination(record, 'Remote side')
      const run = await runFor(integration)
      await processItem(run, item(), asSyncRecord(record))
      return { run, post, record, after: await recordById(payload, Number(record.id)) }
    }

    it('manual: the record becomes a conflict holding the remote version; neither side is written', async () => {
      const { run, post, record, after } = await bothEdited('manual')
      expect(run.stats).toMatchObject({ pulled: 1, conflicts: 1, pushed: 0, updated: 0 })
      expect(after.status).toBe('conflict')
      expect(after.remoteVersion).toMatchObject({ title: 'Remote side' })
      expect(after.lastError).toMatch(/Changed both here and at "Synced \d+"/)
      expect(after.remoteHash).toBe(record.remoteHash)
      expect((await localPost(post)).title).toBe('Local side')
      expect(await jobsOf(record)).toEqual([1])
    })

    it('prefer-local: the local document is delivered over the remote edit, which the guard then lets pass', async () => {
      const { run, post, record, after } = await bothEdited('prefer-local')
      expect(run.stats).toMatchObject({ pulled: 1, pushed: 1, conflicts: 0, updated: 0 })
      expect(after).toMatchObject({
        status: 'queued',
        pending: { revision: 2 },
        remoteVersion: null,
      })
      // The remote edit is recorded as seen, so the delivery's guard does not stop at it.
      expect(after.remoteHash).not.toBe(record.remoteHash)
      expect((await localPost(post)).title).toBe('Local side')
      expect(await jobsOf(record)).toEqual([1, 2])
      expect(await deliver(await step.req(), { record: Number(record.id), revision: 2 })).toBe(
        'published',
      )
      expect(fake.store.copies.get(record.remoteId)!.document.title).toBe('Local side')
    })

    it('prefer-remote: the remote edit is written here and not delivered back', async () => {
      const { run, post, record, after } = await bothEdited('prefer-remote')
      expect(run.stats).toMatchObject({ pulled: 1, updated: 1, conflicts: 0, pushed: 0 })
      expect(after).toMatchObject({ status: 'published', documentTitle: 'Remote side' })
      expect((await localPost(post)).title).toBe('Remote side')
      expect(await jobsOf(record)).toEqual([1])
      await expectNoSaveFanOut(post)
    })
  })

  it("ignores the platform's own write coming back (same hash): nothing written, nothing queued", async () => {
    const integration = await syncIntegration()
    const { post, record, item } = await publishedAndDelivered(integration, 'Our own copy')
    const before = await localPost(post)
    const publishes = fake.store.calls.publish

    const run = await runFor(integration)
    await processItem(run, item(), asSyncRecord(record))

    expect(run.stats).toMatchObject({ pulled: 0, created: 0, updated: 0, pushed: 0, conflicts: 0 })
    expect(await recordById(payload, Number(record.id))).toEqual(record)
    expect(await localPost(post)).toEqual(before)
    expect(await jobsOf(record)).toEqual([1])
    expect(fake.store.calls.publish).toBe(publishes)
  })
})
