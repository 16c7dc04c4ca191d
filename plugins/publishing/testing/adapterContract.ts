/**
 * The contract every destination adapter must keep, as one shared jest suite.
 *
 * An adapter's spec calls `runAdapterContract('wordpress', { collections: ['posts'] }, setup)` (in
 * the style of unstorage's `testDriver`), naming the collection(s) whose documents the suite
 * delivers: the suite runs once per collection, and the test kit itself names none. `setup`
 * returns a fresh harness for every test: the adapter, a working context, optionally one with
 * refused credentials, and a way to read what the remote itself holds. The
 * tests assert on the remote's own state, not on what the adapter says it did: an adapter that
 * returns the right ids while leaving two copies behind must fail here.
 *
 * Tests that need a capability the adapter does not declare pass without asserting anything
 * (jest cannot skip a test from inside it, and capabilities are only known once `setup` ran).
 */
import type {
  AdapterContext,
  AdapterField,
  DeliveryDocument,
  DestinationAdapter,
  PlatformType,
  PublishableCollection,
  PublishInput,
  PublishResult,
  RemoteItem,
  RemoteRef,
  UnpublishInput,
} from '../types'

import { remoteHash } from '../records/remoteHash'

/**
 * A remote copy's state in the contract's words; the harness translates the platform's own
 * (e.g. WordPress `future` or `private` would be mapped by that adapter's harness).
 * - `publish`: live; `draft`: kept as a draft; `unpublished`: taken offline but still there;
 * - `trashed`: deleted into a trash the remote keeps (a removed copy is `null` instead).
 */
export type ContractRemoteStatus = 'publish' | 'draft' | 'unpublished' | 'trashed'

/** What a harness gives the contract. Generic so that the adapter and its contexts match. */
export type ContractHarness<
  TConfig extends Record<string, unknown> = Record<string, unknown>,
  TCredentials extends Record<string, unknown> = Record<string, unknown>,
> = {
  adapter: DestinationAdapter<TConfig, TCredentials>
  /** A context whose config and credentials work against `remote`. */
  context: AdapterContext<TConfig, TCredentials>
  /** The same destination with credentials the remote refuses (or cannot use). */
  badContext?: AdapterContext<TConfig, TCredentials>
  /** Reads the remote's own state, independently of the adapter. */
  remote: {
    /** Copies the remote holds (live, draft or unpublished; trashed and removed ones excluded). */
    count(): Promise<number>
    /** One copy by remote id, or null when the remote has no such copy (any more). */
    get(remoteId: string): Promise<{ title: string; status: ContractRemoteStatus } | null>
  }
  /** The remote answers a repeated Idempotency-Key with the copy it already made. */
  dedupesByKey?: boolean
  /** Makes the next call commit on the remote but lose its answer (the connection drops). */
  injectLostAnswer?(): void
  teardown(): Promise<void>
}

/** Platform ids as `registerAdapter` accepts them. */
const PLATFORM_ID = /^[a-z][a-z0-9-]{1,31}$/
const PLATFORM_TYPES: readonly PlatformType[] = ['cms', 'ecommerce', 'hosted', 'custom_api']
const FIELD_TYPES: readonly AdapterField['type'][] = ['text', 'url', 'secret', 'number']

/**
 * A complete, valid document of `overrides.collection` as the platform would deliver it, shaped
 * like a post (terms, featured image; no template, parent or order), with absolute URLs
 * throughout. `overrides` replace top-level properties (e.g. `{ collection, id: 2, title: 'Other' }`).
 */
export const sampleDocument = (
  overrides: Partial<DeliveryDocument> & Pick<DeliveryDocument, 'collection'>,
): DeliveryDocument => {
  const image = {
    id: 7,
    url: 'https://cms.example.com/api/media/file/harbour.jpg',
    alt: 'The harbour at dawn',
    filename: 'harbour.jpg',
    mimeType: 'image/jpeg',
    width: 1600,
    height: 900,
  }
  return {
    id: 101,
    site: { id: 1, name: 'Contract Site', slug: 'contract-site', domain: 'contract.example.com' },
    title: 'Contract sample post',
    slug: 'contract-sample-post',
    html: `<p>Hello from the <a href="https://contract.example.com/about">contract</a>.</p><img src="${image.url}" alt="${image.alt}">`,
    excerpt: 'Hello from the contract.',
    status: 'publish',
    publishedAt: '2025-01-02T03:04:05.000Z',
    updatedAt: '2025-01-02T03:04:05.000Z',
    // No template, parent or order: those are for collections that have them (a page tree).
    template: null,
    parent: null,
    order: null,
    categories: [{ id: 3, name: 'News', slug: 'news' }],
    tags: [{ id: 4, name: 'Harbour', slug: 'harbour' }],
    featuredImage: image,
    images: [image],
    meta: {
      title: 'Contract sample post | Contract Site',
      description: 'Hello from the contract.',
      image,
    },
    ...overrides,
  }
}

/** Idempotency keys unique across the whole run, so no test can accidentally reuse another's. */
let keys = 0
const newKey = (): string => `contract-${process.pid}-${++keys}`

const refOf = (result: PublishResult): RemoteRef => ({
  id: result.remoteId,
  url: result.remoteUrl,
  modifiedAt: result.remoteModifiedAt,
})

const removalOf = (document: DeliveryDocument): UnpublishInput['document'] => ({
  collection: document.collection,
  id: document.id,
  slug: document.slug,
  title: document.title,
  site: document.site,
})

/** Awaits `action`, expecting it to reject; returns what it rejected with. */
const rejectionOf = async (action: Promise<unknown>): Promise<unknown> => {
  try {
    await action
  } catch (error) {
    return error
  }
  throw new Error('expected a rejection, but the call succeeded')
}

/**
 * Checks the shape of a PublishingError by name rather than `instanceof`: an adapter package may
 * bring its own copy of errors.ts, and the platform's handling only relies on these fields.
 */
const expectPublishingError = (error: unknown, retryable?: boolean): void => {
  expect(error).toBeInstanceOf(Error)
  const {
    name,
    retryable: actual,
    message,
  } = error as { name: unknown; retryable: unknown; message: unknown }
  // Thrown rather than expect()ed so that the failure shows what was thrown instead.
  if (name !== 'PublishingError' || typeof actual !== 'boolean') {
    throw new Error(
      `expected a PublishingError with a boolean \`retryable\`, got ${String(name)}: ${String(message)}`,
    )
  }
  expect(typeof message === 'string' && message.length > 0).toBe(true)
  if (retryable !== undefined) expect(actual).toBe(retryable)
}

/**
 * Registers the contract suite for one adapter, once per collection of `collections` (documents
 * of that collection are published, listed and read). `setup` runs before every test and must
 * return a harness on a fresh (or at least freshly counted) remote; `teardown` runs after it.
 */
export function runAdapterContract<
  TConfig extends Record<string, unknown> = Record<string, unknown>,
  TCredentials extends Record<string, unknown> = Record<string, unknown>,
>(
  name: string,
  { collections }: { collections: readonly PublishableCollection[] },
  setup: () => Promise<ContractHarness<TConfig, TCredentials>>,
): void {
  if (collections.length === 0)
    throw new Error(`the ${name} contract needs at least one collection to exercise`)
  for (const collection of collections) contractFor(name, collection, setup)
}

function contractFor<
  TConfig extends Record<string, unknown>,
  TCredentials extends Record<string, unknown>,
>(
  name: string,
  collection: PublishableCollection,
  setup: () => Promise<ContractHarness<TConfig, TCredentials>>,
): void {
  /** The sample document, of the collection under test. */
  const sample = (overrides: Partial<DeliveryDocument> = {}): DeliveryDocument =>
    sampleDocument({ collection, ...overrides })

  describe(`adapter contract: ${name} (${collection})`, () => {
    let harness: ContractHarness<TConfig, TCredentials> | null = null

    /** The current harness; a clear message if setup failed instead of a TypeError. */
    const h = (): ContractHarness<TConfig, TCredentials> => {
      if (!harness) throw new Error(`the ${name} contract harness was not set up`)
      return harness
    }

    /**
     * Publishes as the delivery job does: with no known remote copy and an adapter that can look
     * one up, it asks `findExisting` first and updates what it finds.
     */
    const deliver = async (input: PublishInput, context = h().context): Promise<PublishResult> => {
      const { adapter } = h()
      let remote = input.remote
      if (!remote && adapter.capabilities.findExisting && adapter.findExisting) {
        const found = await adapter.findExisting(context, input.document)
        if (found) remote = refOf(found)
      }
      return adapter.publish(context, { ...input, remote })
    }

    beforeEach(async () => {
      harness = await setup()
    })

    afterEach(async () => {
      const current = harness
      harness = null
      await current?.teardown()
    })

    describe('declaration', () => {
      it('names its platform, label, type and description', () => {
        const { adapter } = h()
        expect(adapter.platform).toMatch(PLATFORM_ID)
        expect(adapter.label.trim()).not.toBe('')
        expect(PLATFORM_TYPES).toContain(adapter.platformType)
        expect(adapter.description.trim()).not.toBe('')
      })

      it('declares well-formed fields with unique names', () => {
        const { adapter } = h()
        const fields = [...adapter.configFields, ...adapter.credentialFields]
        for (const field of fields) {
          expect(field.name).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/)
          expect(field.label.trim()).not.toBe('')
          expect(FIELD_TYPES).toContain(field.type)
        }
        // Across both groups: a config field and a credential of the same name would be one form
        // input writing to two places.
        const names = fields.map((field) => field.name)
        expect(new Set(names).size).toBe(names.length)
      })

      it('maps the collection under test, when it lists the collections it maps', () => {
        const { adapter } = h()
        if (adapter.collections === undefined) return
        expect(Array.isArray(adapter.collections)).toBe(true)
        expect(adapter.collections).toContain(collection)
      })

      it('declares every capability as a boolean, and implements findExisting when it claims it', () => {
        const { adapter } = h()
        const { drafts, delete: canDelete, findExisting, pull } = adapter.capabilities
        expect([drafts, canDelete, findExisting, pull].map((value) => typeof value)).toEqual([
          'boolean',
          'boolean',
          'boolean',
          'boolean',
        ])
        if (findExisting) expect(typeof adapter.findExisting).toBe('function')
        if (pull)
          expect([typeof adapter.listChanges, typeof adapter.getRemote]).toEqual([
            'function',
            'function',
          ])
      })
    })

    describe('testConnection', () => {
      it('answers ok with a working context, and creates nothing', async () => {
        const { adapter, context, remote } = h()
        const before = await remote.count()
        const result = await adapter.testConnection(context)
        expect(result.ok).toBe(true)
        expect(typeof result.message).toBe('string')
        expect(await remote.count()).toBe(before)
      })

      it('answers not ok with a message for refused credentials, without throwing', async () => {
        const { adapter, badContext } = h()
        if (!badContext) return
        // A rejection here fails the test: testConnection must report, not throw.
        const result = await adapter.testConnection(badContext)
        expect(result.ok).toBe(false)
        expect(result.message.trim()).not.toBe('')
      })
    })

    describe('publish', () => {
      it('creates one copy, then updates that same copy when the record knows it', async () => {
        const { adapter, context, remote } = h()
        const before = await remote.count()
        const document = sample()
        const created = await adapter.publish(context, {
          document,
          remote: null,
          idempotencyKey: newKey(),
        })
        expect(typeof created.remoteId).toBe('string')
        expect(created.remoteId).not.toBe('')
        expect(await remote.count()).toBe(before + 1)
        expect(await remote.get(created.remoteId)).toEqual({
          title: document.title,
          status: 'publish',
        })

        const revised = sample({ title: 'Contract sample post, revised' })
        const updated = await adapter.publish(context, {
          document: revised,
          remote: refOf(created),
          idempotencyKey: newKey(),
        })
        expect(updated.remoteId).toBe(created.remoteId)
        expect(await remote.count()).toBe(before + 1)
        expect(await remote.get(created.remoteId)).toEqual({
          title: revised.title,
          status: 'publish',
        })
      })

      it('keeps a draft a draft on the remote, and publishes it when asked', async () => {
        const { adapter, context, remote } = h()
        if (!adapter.capabilities.drafts) return
        const draft = sample({ status: 'draft', title: 'Contract draft' })
        const created = await adapter.publish(context, {
          document: draft,
          remote: null,
          idempotencyKey: newKey(),
        })
        expect(await remote.get(created.remoteId)).toEqual({ title: draft.title, status: 'draft' })

        const live = { ...draft, status: 'publish' as const }
        const updated = await adapter.publish(context, {
          document: live,
          remote: refOf(created),
          idempotencyKey: newKey(),
        })
        expect(updated.remoteId).toBe(created.remoteId)
        expect(await remote.get(created.remoteId)).toEqual({
          title: draft.title,
          status: 'publish',
        })
      })
    })

    describe('unpublish', () => {
      /** Publishes the sample and returns its remote reference. */
      const published = async (document = sample()): Promise<RemoteRef> =>
        refOf(
          await h().adapter.publish(h().context, {
            document,
            remote: null,
            idempotencyKey: newKey(),
          }),
        )

      it("'unpublish' takes the copy offline but keeps it", async () => {
        const { adapter, context, remote } = h()
        const document = sample()
        const ref = await published(document)
        const before = await remote.count()
        await adapter.unpublish(context, {
          document: removalOf(document),
          remote: ref,
          action: 'unpublish',
          idempotencyKey: newKey(),
        })
        const copy = await remote.get(ref.id)
        expect(copy).not.toBeNull()
        expect(['unpublished', 'draft']).toContain(copy?.status)
        expect(await remote.count()).toBe(before)
      })

      it("'delete' removes (or trashes) the copy when the adapter can delete, else unpublishes it", async () => {
        const { adapter, context, remote } = h()
        const document = sample()
        const ref = await published(document)
        const before = await remote.count()
        await adapter.unpublish(context, {
          document: removalOf(document),
          remote: ref,
          action: 'delete',
          idempotencyKey: newKey(),
        })
        const copy = await remote.get(ref.id)
        if (adapter.capabilities.delete) {
          expect(copy === null || copy.status === 'trashed').toBe(true)
          expect(await remote.count()).toBe(before - 1)
        } else {
          expect(['unpublished', 'draft']).toContain(copy?.status)
          expect(await remote.count()).toBe(before)
        }
      })

      it('does not throw when the copy is already gone', async () => {
        const { adapter, context, remote } = h()
        const document = sample()
        const ref = await published(document)
        const removal = removalOf(document)
        // Without delete, "gone" can only be approximated by removing twice.
        const first = adapter.capabilities.delete ? 'delete' : 'unpublish'
        await adapter.unpublish(context, {
          document: removal,
          remote: ref,
          action: first,
          idempotencyKey: newKey(),
        })
        const after = await remote.count()
        const state = await remote.get(ref.id)
        await expect(
          adapter.unpublish(context, {
            document: removal,
            remote: ref,
            action: 'unpublish',
            idempotencyKey: newKey(),
          }),
        ).resolves.toBeUndefined()
        await expect(
          adapter.unpublish(context, {
            document: removal,
            remote: ref,
            action: 'delete',
            idempotencyKey: newKey(),
          }),
        ).resolves.toBeUndefined()
        // Removing a removed copy must not bring it back, nor make another.
        expect(await remote.count()).toBe(after)
        if (adapter.capabilities.delete) expect(await remote.get(ref.id)).toEqual(state)
      })
    })

    describe('idempotency', () => {
      it('a delivery repeated with the same key and no known copy makes one copy', async () => {
        const { adapter, remote, dedupesByKey } = h()
        if (!adapter.capabilities.findExisting && !dedupesByKey) return
        const before = await remote.count()
        const input: PublishInput = { document: sample(), remote: null, idempotencyKey: newKey() }
        const first = await deliver(input)
        // The record never saved `first.remoteId` (say the process died): the retry knows nothing.
        const second = await deliver(input)
        expect(second.remoteId).toBe(first.remoteId)
        expect(await remote.count()).toBe(before + 1)
      })

      it('a lost answer surfaces as a retryable PublishingError', async () => {
        const { adapter, context, injectLostAnswer } = h()
        if (!injectLostAnswer) return
        // publish itself, not `deliver`: the lost answer must hit the create, not a findExisting
        // lookup before it (for a new document the lookup finds nothing anyway).
        injectLostAnswer()
        const error = await rejectionOf(
          adapter.publish(context, { document: sample(), remote: null, idempotencyKey: newKey() }),
        )
        expectPublishingError(error, true)
      })

      it('retrying after a lost answer leaves exactly one copy', async () => {
        const { adapter, context, injectLostAnswer, remote } = h()
        if (!injectLostAnswer) return
        const before = await remote.count()
        const input: PublishInput = { document: sample(), remote: null, idempotencyKey: newKey() }
        injectLostAnswer()
        // Whatever the error looks like (the previous test judges that), the copy was made…
        await rejectionOf(adapter.publish(context, input))
        expect(await remote.count()).toBe(before + 1)
        // …and the retry, knowing no remote id, must find or be handed that copy, not make another.
        const retried = await deliver(input)
        expect(await remote.count()).toBe(before + 1)
        expect(await remote.get(retried.remoteId)).toEqual({
          title: input.document.title,
          status: 'publish',
        })
      })
    })

    describe('errors', () => {
      it('refused credentials fail publish and unpublish with a final PublishingError, and change nothing', async () => {
        const { adapter, context, badContext, remote } = h()
        if (!badContext) return
        const document = sample()
        const ref = refOf(
          await adapter.publish(context, { document, remote: null, idempotencyKey: newKey() }),
        )
        const before = await remote.count()

        // Retrying with the same credentials cannot help, so the error must not ask for a retry.
        expectPublishingError(
          await rejectionOf(
            adapter.publish(badContext, { document, remote: null, idempotencyKey: newKey() }),
          ),
          false,
        )
        expectPublishingError(
          await rejectionOf(
            adapter.publish(badContext, {
              document: sample({ title: 'Not this' }),
              remote: ref,
              idempotencyKey: newKey(),
            }),
          ),
          false,
        )
        expectPublishingError(
          await rejectionOf(
            adapter.unpublish(badContext, {
              document: removalOf(document),
              remote: ref,
              action: 'delete',
              idempotencyKey: newKey(),
            }),
          ),
          false,
        )
        expect(await remote.count()).toBe(before)
        expect(await remote.get(ref.id)).toEqual({ title: document.title, status: 'publish' })
      })
    })

    describe('pull', () => {
      const listed = async (
        adapter: DestinationAdapter<TConfig, TCredentials>,
        context: AdapterContext<TConfig, TCredentials>,
        since: string | null,
      ) => {
        const items: RemoteItem[] = []
        for await (const batch of adapter.listChanges!(context, { collection, since })) {
          for (let i = 1; i < batch.length; i++)
            expect(Date.parse(batch[i]!.modifiedAt)).toBeGreaterThanOrEqual(
              Date.parse(batch[i - 1]!.modifiedAt),
            )
          items.push(...batch)
        }
        return items
      }

      it('lists, reads and returns a copy identically, so the platform recognises its own writes', async () => {
        const { adapter, context } = h()
        if (!adapter.capabilities.pull || !adapter.listChanges || !adapter.getRemote) return
        // No publication date: a back-dated post would carry that date as its modification time.
        const document = sample({ publishedAt: null })
        const created = await adapter.publish(context, {
          document,
          remote: null,
          idempotencyKey: newKey(),
        })
        expect(created.item).toMatchObject({
          remoteId: created.remoteId,
          collection,
          title: document.title,
          status: 'publish',
          removed: null,
        })
        const read = await adapter.getRemote(context, { collection, remoteId: created.remoteId })
        expect(read && remoteHash(read)).toBe(remoteHash(created.item!))
        const since = created.remoteModifiedAt ?? created.item!.modifiedAt
        const first = (await listed(adapter, context, since)).find(
          (item) => item.remoteId === created.remoteId,
        )
        expect(first && remoteHash(first)).toBe(remoteHash(created.item!))

        const updated = await adapter.publish(context, {
          document: { ...document, title: `${document.title}, revised` },
          remote: refOf(created),
          idempotencyKey: newKey(),
        })
        const again = (await listed(adapter, context, since)).find(
          (item) => item.remoteId === created.remoteId,
        )
        expect(again && remoteHash(again)).toBe(remoteHash(updated.item!))
        expect(remoteHash(updated.item!)).not.toBe(remoteHash(created.item!))
      })

      it('says when a copy is trashed or gone', async () => {
        const { adapter, context } = h()
        if (!adapter.capabilities.pull || !adapter.getRemote) return
        const document = sample({ publishedAt: null })
        const created = await adapter.publish(context, {
          document,
          remote: null,
          idempotencyKey: newKey(),
        })
        await adapter.unpublish(context, {
          document: removalOf(document),
          remote: refOf(created),
          action: 'delete',
          idempotencyKey: newKey(),
        })
        const after = await adapter.getRemote(context, { collection, remoteId: created.remoteId })
        if (after) expect(after.removed).toBe('trashed')
      })
    })

    describe('findExisting', () => {
      it('finds the copy this integration made for a document, and nothing for another document', async () => {
        const { adapter, context } = h()
        if (!adapter.capabilities.findExisting || !adapter.findExisting) return
        const document = sample()
        expect(await adapter.findExisting(context, document)).toBeNull()
        const created = await adapter.publish(context, {
          document,
          remote: null,
          idempotencyKey: newKey(),
        })
        expect(await adapter.findExisting(context, document)).toMatchObject({
          remoteId: created.remoteId,
        })
        expect(await adapter.findExisting(context, sample({ id: document.id + 1 }))).toBeNull()
      })
    })
  })
}
