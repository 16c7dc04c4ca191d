import type { Config, Payload } from 'payload'

import { createLocalReq } from 'payload'

import type {
  AnyDestinationAdapter,
  DestinationAdapter,
  RemoteItem,
} from '@plugins/publishing/types'

import { REGISTRY_KEY } from '@plugins/publishing/defaults'
import { registerAdapter } from '@plugins/publishing/exports/server'
import { registryOf } from '@plugins/publishing/registry'
import {
  createFakeAdapter,
  GOOD_TOKEN,
  type FakeConfig,
  type FakeCopy,
  type FakeCredentials,
  type FakeStore,
} from '@plugins/publishing/testing/fakeAdapter'

import { startTestApp, type TestApp } from './app'

/**
 * The fake adapter (plugins/publishing/testing/fakeAdapter.ts) as a destination of a running test
 * app, for the per-step tests in tests/int/steps only; payload.config.ts does not know it.
 *
 * How: after Payload has started, `registerFake` runs the plugin's own `registerAdapter` (the same
 * checks an adapter plugin gets: platform id, fields, pull verbs, no second registration) against
 * the running config and puts the resulting adapter map into the running registry
 * (`config.custom`). Everything that uses an adapter looks it up there at call time
 * (`registryOf(payload).adapters`), so the fake works like any registered platform from then on:
 * integrations of platform `fake` can be created and delivered to. Each jest file has its own
 * module registry and Payload, so no other test file sees it. Registering before `getPayload`
 * would need the config imported before startTestApp points DATABASE_URI at the file's database.
 */
export const registerFake = async (
  payload: Payload,
  adapter: AnyDestinationAdapter,
): Promise<void> => {
  const registered = (await registerAdapter(adapter)(payload.config as unknown as Config)) as Config
  const next = (
    registered.custom as Record<string, { adapters: ReadonlyMap<string, AnyDestinationAdapter> }>
  )[REGISTRY_KEY]!
  registryOf(payload).adapters = next.adapters
}

/** The URL the fake gives a copy (as in fakeAdapter.ts). */
const urlOf = (bucket: string, copy: FakeCopy): string =>
  `https://fake.example/${encodeURIComponent(bucket)}/${encodeURIComponent(copy.document.slug)}`

/**
 * A fake copy as two-way sync lists it: what a careful remote (WordPress) would answer, with our
 * source marker (the fake keeps the document it was sent). Unpublished copies read as drafts.
 */
export const remoteItemOf = (copy: FakeCopy, bucket = BUCKET): RemoteItem => ({
  remoteId: copy.id,
  collection: copy.document.collection,
  title: copy.document.title,
  slug: copy.document.slug,
  html: copy.document.html,
  excerpt: copy.document.excerpt,
  status: copy.status === 'publish' ? 'publish' : 'draft',
  modifiedAt: copy.modifiedAt,
  url: urlOf(bucket, copy),
  categories: copy.document.categories.map((term) => term.name),
  tags: copy.document.tags.map((term) => term.name),
  featuredImage: null,
  removed: copy.status === 'trashed' ? 'trashed' : null,
  source: { collection: copy.document.collection, id: copy.document.id },
})

/**
 * The fake with the `pull` capability, for sync: `getRemote` and `listChanges` read the fake's
 * store through `remoteItemOf`, and `publish` answers with the copy as written (`item`), as the
 * contract asks of pull-capable adapters. The fake itself stays push-only.
 */
export const withPull = ({
  adapter,
  store,
}: {
  adapter: DestinationAdapter<FakeConfig, FakeCredentials>
  store: FakeStore
}): DestinationAdapter<FakeConfig, FakeCredentials> => ({
  ...adapter,
  capabilities: { ...adapter.capabilities, pull: true },
  async publish(context, input) {
    const result = await adapter.publish(context, input)
    const copy = store.copies.get(result.remoteId)
    return copy ? { ...result, item: remoteItemOf(copy, context.config.bucket) } : result
  },
  async getRemote(context, { remoteId }) {
    const copy = store.copies.get(remoteId)
    return copy ? remoteItemOf(copy, context.config.bucket) : null
  },
  async *listChanges(context, { collection, since }) {
    yield [...store.copies.values()]
      .filter(
        (copy) => copy.document.collection === collection && (!since || copy.modifiedAt >= since),
      )
      .map((copy) => remoteItemOf(copy, context.config.bucket))
  },
})

/** Changes a fake copy the way someone editing at the destination would: new version, new time. */
export const editRemotely = (
  copy: FakeCopy,
  change: Partial<FakeCopy['document']>,
  at = new Date(),
): void => {
  copy.document = { ...copy.document, ...change }
  copy.version += 1
  copy.modifiedAt = at.toISOString()
}

export const BUCKET = 'steps'

/** An integration of the fake platform for `site` (created through the Local API, credentials sealed as usual). */
export const createFakeIntegration = async (
  payload: Payload,
  site: number,
  data: Record<string, unknown> = {},
): Promise<number> => {
  const doc = await payload.create({
    collection: 'integrations',
    data: {
      name: `Fake ${site}`,
      site,
      platform: 'fake',
      config: { bucket: BUCKET },
      credentials: { token: GOOD_TOKEN },
      ...data,
    } as never,
  })
  return Number(doc.id)
}

/**
 * One registered fake whose remote starts empty again on `reset()` (call it in `beforeEach`): the
 * registered adapter hands every call to the current fake, so each test sees only its own copies,
 * calls and scripted failures. `pull` gives the current fake the pull capability (`withPull`).
 */
export const resettableFake = ({
  pull = false,
  platform = 'fake',
}: { pull?: boolean; platform?: string } = {}) => {
  let current = createFakeAdapter({ platform })
  let adapter = pull ? withPull(current) : current.adapter
  const registered: DestinationAdapter<FakeConfig, FakeCredentials> = {
    ...adapter,
    testConnection: (context) => adapter.testConnection(context),
    publish: (context, input) => adapter.publish(context, input),
    unpublish: (context, input) => adapter.unpublish(context, input),
    findExisting: (context, document) => adapter.findExisting!(context, document),
    ...(pull
      ? {
          getRemote: (context, input) => adapter.getRemote!(context, input),
          listChanges: (context, input) => adapter.listChanges!(context, input),
        }
      : {}),
  }
  return {
    adapter: registered,
    get store(): FakeStore {
      return current.store
    },
    /** The unwrapped fake, to make copies "earlier" (as another record or install did). */
    get fake(): DestinationAdapter<FakeConfig, FakeCredentials> {
      return current.adapter
    },
    reset: () => {
      current = createFakeAdapter({ platform })
      adapter = pull ? withPull(current) : current.adapter
    },
  }
}

export type StepApp = {
  app: TestApp
  payload: Payload
  siteA: number
  siteB: number
  req: () => ReturnType<typeof createLocalReq>
}

/** A test app on its own database, two sites, and the given fakes registered. */
export const startStepApp = async (...adapters: AnyDestinationAdapter[]): Promise<StepApp> => {
  const app = await startTestApp()
  const { payload } = app
  for (const adapter of adapters) await registerFake(payload, adapter)
  const siteA = await payload.create({
    collection: 'sites',
    data: { name: 'Site A', siteType: 'blog' },
  })
  const siteB = await payload.create({
    collection: 'sites',
    data: { name: 'Site B', siteType: 'corporate' },
  })
  return {
    app,
    payload,
    siteA: Number(siteA.id),
    siteB: Number(siteB.id),
    req: () => createLocalReq({}, payload),
  }
}

/** A publishing record through the Local API (depth 0), as any client of the collection reads it. */
export type RecordDoc = Record<string, any>

export const recordsOf = async (
  payload: Payload,
  where: Record<string, unknown>,
): Promise<RecordDoc[]> =>
  (
    await payload.find({
      collection: 'publishing-records',
      where: where as never,
      depth: 0,
      limit: 0,
      sort: 'id',
    })
  ).docs as RecordDoc[]

export const recordById = async (payload: Payload, id: number): Promise<RecordDoc> =>
  (await payload.findByID({ collection: 'publishing-records', id, depth: 0 })) as RecordDoc

/** The record of one document at one integration (exactly one, or the test fails). */
export const recordOf = async (
  payload: Payload,
  collection: 'posts' | 'pages',
  documentId: number,
  integration: number,
): Promise<RecordDoc> => {
  const docs = await recordsOf(payload, {
    documentCollection: { equals: collection },
    documentId: { equals: documentId },
    integration: { equals: integration },
  })
  if (docs.length !== 1)
    throw new Error(
      `expected one record of ${collection} ${documentId} at integration ${integration}, found ${docs.length}`,
    )
  return docs[0]!
}

/** Delivery jobs in payload-jobs (oldest first), with their input; optionally only those of some records. */
export const deliveryJobs = async (
  payload: Payload,
  records?: number[],
): Promise<{ id: number; record: number; revision: number; waitUntil: string | null }[]> => {
  const { docs } = await payload.find({
    collection: 'payload-jobs',
    where: { taskSlug: { equals: 'publishing-deliver' } },
    depth: 0,
    limit: 0,
    sort: 'id',
  })
  return docs
    .map((job) => {
      const input = job.input as { record: number; revision: number }
      return {
        id: Number(job.id),
        record: Number(input.record),
        revision: Number(input.revision),
        waitUntil: (job.waitUntil as string | null | undefined) ?? null,
      }
    })
    .filter((job) => !records || records.includes(job.record))
}

/** Fan-out jobs (what a save that is delivered queues) for one document. */
export const fanOutJobs = async (
  payload: Payload,
  collection: 'posts' | 'pages',
  id: number,
): Promise<number> =>
  (
    await payload.find({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: 'publishing-fanout' } },
      depth: 0,
      limit: 0,
    })
  ).docs.filter((job) => {
    const input = job.input as { collection?: string; id?: number }
    return input.collection === collection && Number(input.id) === id
  }).length

export { createFakeAdapter, GOOD_TOKEN }
