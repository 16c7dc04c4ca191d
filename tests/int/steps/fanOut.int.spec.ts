/**
 * One step of the publishing pipeline: `fanOut(req, input)`, which turns one save into a record and
 * a delivery job per destination the site's rules select (or removals per existing copy), against
 * fake destinations (tests/helpers/fakeDestinations.ts) on a real PostgreSQL. Documents are saved
 * with `skipPublishing`, so the only fan-out is the test's own; jobs are read from payload-jobs.
 */
import type { Payload } from 'payload'

import { deliver } from '@plugins/publishing/delivery/deliver'
import { fanOut, type FanOutInput } from '@plugins/publishing/delivery/fanOut'
import { SKIP_PUBLISHING } from '@plugins/publishing/exports/server'

import {
  createFakeIntegration,
  deliveryJobs,
  recordOf,
  recordsOf,
  resettableFake,
  startStepApp,
  type StepApp,
} from '../../helpers/fakeDestinations'
import { lexicalParagraph } from '../../helpers/fixtures'

const fake = resettableFake()

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
  site = await newSite()
})

const newSite = async () =>
  Number(
    (
      await payload.create({
        collection: 'sites',
        data: { name: `Fan-out ${++serial}`, siteType: 'blog' },
      })
    ).id,
  )

const integrations = (count: number, on = site, data: Record<string, unknown> = {}) =>
  Promise.all(
    Array.from({ length: count }, (_, i) =>
      createFakeIntegration(payload, on, { name: `Fake ${serial}.${i}`, ...data }),
    ),
  )

const save = async (
  collection: 'posts' | 'pages',
  title: string,
  data: Record<string, unknown> = {},
): Promise<number> => {
  const doc = await payload.create({
    collection,
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

const rule = (data: Record<string, unknown>) =>
  payload.create({
    collection: 'publishing-rules',
    data: { site, name: `Rule ${++serial}`, ...data } as never,
  })

const run = async (input: FanOutInput) => fanOut(await step.req(), input)

const recordsFor = (collection: 'posts' | 'pages', id: number) =>
  recordsOf(payload, { documentCollection: { equals: collection }, documentId: { equals: id } })

/** What fan-out decided per destination: integration → the record's pending delivery. */
const plan = async (collection: 'posts' | 'pages', id: number) =>
  Object.fromEntries(
    (await recordsFor(collection, id)).map((r) => [
      r.integration,
      { status: r.status, action: r.pending.action, remoteStatus: r.pending.remoteStatus },
    ]),
  )

/** Delivers the record's current revision (to give it a remote copy before a removal). */
const deliverNow = async (collection: 'posts' | 'pages', id: number, integration: number) => {
  const record = await recordOf(payload, collection, id, integration)
  expect(
    await deliver(await step.req(), {
      record: Number(record.id),
      revision: Number(record.pending.revision),
    }),
  ).toBe('published')
}

describe('fanOut (one save, fake destinations)', () => {
  it('without rules: one queued record and one delivery job per active integration of the site, nothing elsewhere', async () => {
    const [first, second] = await integrations(2)
    const [inactive] = await integrations(1, site, { isActive: false })
    const [otherSite] = await integrations(1, await newSite())
    const post = await save('posts', 'Everywhere')

    expect(await run({ collection: 'posts', id: post, action: 'publish' })).toBe('queued 2')

    const records = await recordsFor('posts', post)
    expect(records.map((r) => r.integration).sort((a, b) => a - b)).toEqual(
      [first!, second!].sort((a, b) => a - b),
    )
    for (const record of records) {
      expect(record).toMatchObject({
        status: 'queued',
        site,
        documentTitle: 'Everywhere',
        documentSlug: 'everywhere',
        attempts: 0,
        pending: { revision: 1, action: 'publish', remoteStatus: 'publish' },
      })
    }
    const jobs = await deliveryJobs(
      payload,
      records.map((r) => Number(r.id)),
    )
    expect(jobs.map(({ record, revision }) => ({ record, revision }))).toEqual(
      records.map((r) => ({ record: Number(r.id), revision: 1 })),
    )
    expect(jobs.every((job) => job.waitUntil === null)).toBe(true)
    // Nothing for the inactive integration or the other site's, and no remote call at all.
    expect(records.some((r) => [inactive, otherSite].includes(r.integration))).toBe(false)
    expect(fake.store.calls.publish).toBe(0)
  })

  it("with rules: the destinations, trigger and remote status the site's matching rules say", async () => {
    const [all, drafts, manual, pagesOnly, byTag, byTemplate, unnamed] = await integrations(7)
    const news = await payload.create({
      collection: 'categories',
      data: { name: `News ${serial}`, site },
    })
    const featured = await payload.create({
      collection: 'tags',
      data: { name: `Featured ${serial}`, site },
    })
    await rule({ destinations: [all] })
    await rule({ destinations: [drafts], categories: [news.id], remoteStatus: 'draft' })
    await rule({ destinations: [manual], trigger: 'manual' })
    await rule({ destinations: [pagesOnly], collections: ['pages'] })
    await rule({ destinations: [byTag], tags: [featured.id] })
    await rule({ destinations: [byTemplate], templates: ['landing'] })
    // A disabled rule counts for nothing; `unnamed` is in no enabled rule.
    await rule({ destinations: [unnamed], enabled: false })

    const newsPost = await save('posts', 'Breaking', { categories: [news.id] })
    const taggedPost = await save('posts', 'Tagged', { tags: [featured.id] })
    const landing = await save('pages', 'Landing', { template: 'landing' })
    const plainPage = await save('pages', 'Plain', { template: 'default' })
    for (const [collection, id] of [
      ['posts', newsPost],
      ['posts', taggedPost],
      ['pages', landing],
      ['pages', plainPage],
    ] as const) {
      await run({ collection, id, action: 'publish' })
    }

    const live = { status: 'queued', action: 'publish', remoteStatus: 'publish' }
    expect(await plan('posts', newsPost)).toEqual({
      [all]: live,
      [drafts]: { ...live, remoteStatus: 'draft' },
    })
    expect(await plan('posts', taggedPost)).toEqual({ [all]: live, [byTag]: live })
    expect(await plan('pages', landing)).toEqual({
      [all]: live,
      [pagesOnly]: live,
      [byTemplate]: live,
    })
    expect(await plan('pages', plainPage)).toEqual({ [all]: live, [pagesOnly]: live })
    // One delivery job per record, none for the manual rule's or the unnamed destination.
    const records = [
      ...(await recordsFor('posts', newsPost)),
      ...(await recordsFor('posts', taggedPost)),
      ...(await recordsFor('pages', landing)),
      ...(await recordsFor('pages', plainPage)),
    ]
    expect(
      (await deliveryJobs(payload)).filter((job) => records.some((r) => r.id === job.record)),
    ).toHaveLength(records.length)
    expect(records.some((r) => [manual, unnamed].includes(r.integration))).toBe(false)
  })

  it("removes: the rules' unpublish action per existing copy, a settled record for copies never made", async () => {
    const [unpublish, remove, keep, never] = await integrations(4)
    await rule({ destinations: [unpublish] })
    await rule({ destinations: [remove], unpublishAction: 'delete' })
    await rule({ destinations: [keep], unpublishAction: 'keep' })
    await rule({ destinations: [never] })
    const post = await save('posts', 'Short-lived')
    await run({ collection: 'posts', id: post, action: 'publish' })
    for (const integration of [unpublish, remove, keep])
      await deliverNow('posts', post, integration)
    const jobsBefore = (await deliveryJobs(payload)).length

    await payload.update({
      collection: 'posts',
      id: post,
      data: { _status: 'draft' },
      context: { [SKIP_PUBLISHING]: true },
    })
    expect(await run({ collection: 'posts', id: post, action: 'remove' })).toBe('removal queued')

    expect(await plan('posts', post)).toEqual({
      [unpublish]: { status: 'queued', action: 'unpublish', remoteStatus: 'publish' },
      [remove]: { status: 'queued', action: 'delete', remoteStatus: 'publish' },
      // Kept copies and copies never delivered need no remote call: settled at once.
      [keep]: { status: 'unpublished', action: 'unpublish', remoteStatus: 'publish' },
      [never]: { status: 'unpublished', action: 'unpublish', remoteStatus: 'publish' },
    })
    const byIntegration = new Map((await recordsFor('posts', post)).map((r) => [r.integration, r]))
    const newJobs = (await deliveryJobs(payload)).slice(jobsBefore)
    const byRecord = (a: { record: number }, b: { record: number }) => a.record - b.record
    expect(newJobs.map(({ record, revision }) => ({ record, revision })).sort(byRecord)).toEqual(
      [
        { record: byIntegration.get(unpublish)!.id, revision: 2 },
        { record: byIntegration.get(remove)!.id, revision: 2 },
      ].sort(byRecord),
    )
    expect(fake.store.calls.unpublish).toBe(0)
  })

  it('does nothing for a document that is no longer published, or has no site', async () => {
    await integrations(1)
    const draft = await save('posts', 'Drafted since', { _status: 'draft' })
    expect(await run({ collection: 'posts', id: draft, action: 'publish' })).toBe(
      'no longer published',
    )
    const orphan = await save('posts', 'Siteless')
    await payload.db.updateOne({
      collection: 'posts',
      id: orphan,
      data: { site: null },
      returning: false,
    })
    expect(await run({ collection: 'posts', id: orphan, action: 'publish' })).toBe('no site')
    // A removal whose document was published again meanwhile leaves it alone too.
    const back = await save('posts', 'Published again')
    expect(await run({ collection: 'posts', id: back, action: 'remove' })).toBe('published again')

    for (const id of [draft, orphan, back]) expect(await recordsFor('posts', id)).toEqual([])
  })

  it('run twice: the revision moves on, and only the newer job delivers (the older is superseded)', async () => {
    const [integration] = await integrations(1)
    const post = await save('posts', 'Saved twice')
    await run({ collection: 'posts', id: post, action: 'publish' })
    await payload.update({
      collection: 'posts',
      id: post,
      data: { title: 'Saved twice, edited' },
      context: { [SKIP_PUBLISHING]: true },
    })
    await run({ collection: 'posts', id: post, action: 'publish' })

    const record = await recordOf(payload, 'posts', post, integration!)
    expect(record).toMatchObject({
      status: 'queued',
      documentTitle: 'Saved twice, edited',
      pending: { revision: 2, action: 'publish' },
    })
    const jobs = await deliveryJobs(payload, [Number(record.id)])
    expect(jobs.map((job) => job.revision)).toEqual([1, 2])

    const req = await step.req()
    expect(await deliver(req, { record: Number(record.id), revision: 1 })).toBe('superseded')
    expect(fake.store.calls.publish).toBe(0)
    expect(await deliver(req, { record: Number(record.id), revision: 2 })).toBe('published')
    expect(fake.store.live().map((copy) => copy.document.title)).toEqual(['Saved twice, edited'])
  })
})
