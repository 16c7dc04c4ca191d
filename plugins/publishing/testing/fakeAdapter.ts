/**
 * An in-memory destination for the platform's own tests.
 *
 * It behaves like a careful remote CMS (think WordPress): copies have ids, statuses and versions,
 * drafts stay drafts, `delete` moves a copy to the trash, repeated idempotency keys get the answer
 * of the first request, and `findExisting` finds a copy this integration made earlier. Tests can
 * script failures (`store.failNext`) including the nasty one: the remote made the copy but the
 * answer never arrived. Everything is deterministic: ids are `fake-1`, `fake-2`, … and time comes
 * from an injectable clock, so assertions can be exact.
 *
 * It never touches the network (it ignores `context.fetch`), so tests can give it a fetch that
 * throws to prove that.
 */
import type { AdapterContext, DeliveryDocument, DestinationAdapter, PublishResult } from '../types'

import { PublishingError } from '../errors'

/** The fake's integration config: one text field. */
export type FakeConfig = { bucket: string }
/** The fake's credentials: one secret; only `GOOD_TOKEN` is accepted. */
export type FakeCredentials = { token: string }
export type FakeContext = AdapterContext<FakeConfig, FakeCredentials>

/** The only token the fake remote accepts. */
export const GOOD_TOKEN = 'good-token'

/** What the fake remote holds for one copy. */
export type FakeCopy = {
  /** Remote id: `fake-<n>`. */
  id: string
  /** The document as last delivered (a copy, so later changes by the test do not leak in). */
  document: DeliveryDocument
  status: 'publish' | 'draft' | 'unpublished' | 'trashed'
  /** ISO time of the last change, from the store's clock. */
  modifiedAt: string
  /** 1 when created, +1 for every change. */
  version: number
  /** The integration that made the copy; `findExisting` only sees its own integration's copies. */
  integration: number
}

/** The adapter verbs the store counts. */
export type FakeVerb = 'testConnection' | 'publish' | 'unpublish' | 'findExisting'

/** A scripted failure: a PublishingError thrown before the remote does anything, or a lost answer. */
export type FakeFailure = PublishingError | 'drop'

/** The fake remote's state, for tests to inspect and steer. */
export type FakeStore = {
  /** Copies by remote id. Trashed copies stay here (with status `trashed`), like a CMS trash. */
  readonly copies: Map<string, FakeCopy>
  /** How many times each verb was called, failed calls included. */
  readonly calls: Record<FakeVerb, number>
  /** Idempotency keys seen, with the remote id of the copy each one acted on. */
  readonly idempotencyKeys: Map<string, string>
  /**
   * Makes the next remote call (any verb) fail. A `PublishingError` is thrown before the remote
   * does anything; `'drop'` lets the call take effect and then throws a retryable PublishingError,
   * as when the connection breaks after the remote committed. Calls queue up in order.
   */
  failNext(failure: FakeFailure): void
  /** Failures scripted but not used yet. */
  readonly pendingFailures: readonly FakeFailure[]
  /** Copies that are not in the trash, in creation order. */
  live(): FakeCopy[]
}

export type FakeAdapterOptions = {
  /** Platform id; default `fake`. Two fakes with different ids can be registered side by side. */
  platform?: string
  label?: string
  /** The remote's clock; default the real one. Inject one to get exact `modifiedAt` values. */
  now?: () => Date
}

/**
 * Creates a fresh fake adapter and the store it writes to. Each call has its own store and id
 * counter, so tests do not see each other's copies.
 */
export const createFakeAdapter = (
  options: FakeAdapterOptions = {},
): { adapter: DestinationAdapter<FakeConfig, FakeCredentials>; store: FakeStore } => {
  const now = options.now ?? (() => new Date())
  const copies = new Map<string, FakeCopy>()
  const idempotencyKeys = new Map<string, string>()
  const calls: Record<FakeVerb, number> = {
    testConnection: 0,
    publish: 0,
    unpublish: 0,
    findExisting: 0,
  }
  const failures: FakeFailure[] = []
  let minted = 0

  const store: FakeStore = {
    copies,
    calls,
    idempotencyKeys,
    failNext: (failure) => void failures.push(failure),
    get pendingFailures() {
      return [...failures]
    },
    live: () => [...copies.values()].filter((copy) => copy.status !== 'trashed'),
  }

  /**
   * One remote call: counts it, applies the next scripted failure, checks the token like the
   * remote would (a refused token is final: retrying with the same token cannot help), runs the
   * work, and for a `drop` loses the answer only after the work is done.
   */
  const call = <T>(verb: FakeVerb, context: FakeContext, work: () => T): T => {
    calls[verb] += 1
    const failure = failures.shift()
    if (failure instanceof PublishingError) throw failure
    if (context.credentials.token !== GOOD_TOKEN) {
      throw new PublishingError(`The fake ${verb} failed: HTTP 401: the token was refused`, {
        retryable: false,
        status: 401,
      })
    }
    if (!context.config.bucket) {
      throw new PublishingError(`The fake ${verb} failed: HTTP 404: no bucket is configured`, {
        retryable: false,
        status: 404,
      })
    }
    const result = work()
    if (failure === 'drop') {
      throw new PublishingError(
        `The fake ${verb} failed: the connection closed before the answer arrived`,
        { retryable: true },
      )
    }
    return result
  }

  const urlOf = (context: FakeContext, copy: FakeCopy): string =>
    `https://fake.example/${encodeURIComponent(context.config.bucket)}/${encodeURIComponent(copy.document.slug)}`

  const resultOf = (context: FakeContext, copy: FakeCopy): PublishResult => ({
    remoteId: copy.id,
    remoteUrl: urlOf(context, copy),
    remoteModifiedAt: copy.modifiedAt,
  })

  /** Changes a copy the way a remote does: new version, new modification time. */
  const touch = (copy: FakeCopy, change: Partial<Pick<FakeCopy, 'document' | 'status'>>): void => {
    Object.assign(copy, change)
    copy.version += 1
    copy.modifiedAt = now().toISOString()
  }

  const adapter: DestinationAdapter<FakeConfig, FakeCredentials> = {
    platform: options.platform ?? 'fake',
    label: options.label ?? 'Fake destination',
    platformType: 'custom_api',
    description: 'An in-memory destination for tests; it never leaves the process.',
    configFields: [
      {
        name: 'bucket',
        label: 'Bucket',
        type: 'text',
        required: true,
        description: 'Where copies go.',
      },
    ],
    credentialFields: [{ name: 'token', label: 'Token', type: 'secret', required: true }],
    capabilities: { drafts: true, delete: true, findExisting: true, pull: false },

    async testConnection(context) {
      try {
        call('testConnection', context, () => undefined)
        return { ok: true, message: `Connected to the fake bucket "${context.config.bucket}".` }
      } catch (error) {
        // The contract: testConnection reports, it never throws.
        return { ok: false, message: error instanceof Error ? error.message : String(error) }
      }
    },

    async publish(context, { document, remote, idempotencyKey }) {
      return call('publish', context, () => {
        // A careful remote answers a repeated key with what it did the first time, changing nothing.
        const earlier = copies.get(idempotencyKeys.get(idempotencyKey) ?? '')
        if (earlier) return resultOf(context, earlier)
        const status = document.status
        const existing = remote ? copies.get(remote.id) : undefined
        if (existing) {
          // Updating a trashed copy restores it, as WordPress does when a post is saved again.
          touch(existing, { document: structuredClone(document), status })
          idempotencyKeys.set(idempotencyKey, existing.id)
          return resultOf(context, existing)
        }
        // No remote yet, or the one the record points at is gone (deleted by hand on the remote):
        // make a new copy rather than fail forever on a copy that cannot come back.
        const copy: FakeCopy = {
          id: `fake-${++minted}`,
          document: structuredClone(document),
          status,
          modifiedAt: now().toISOString(),
          version: 1,
          integration: context.integration.id,
        }
        copies.set(copy.id, copy)
        idempotencyKeys.set(idempotencyKey, copy.id)
        return resultOf(context, copy)
      })
    },

    async unpublish(context, { remote, action, idempotencyKey }) {
      call('unpublish', context, () => {
        if (idempotencyKeys.has(idempotencyKey)) return
        idempotencyKeys.set(idempotencyKey, remote.id)
        const copy = copies.get(remote.id)
        // Already gone is what removal wants: nothing to do, and nothing worth failing a record for.
        if (!copy || copy.status === 'trashed') {
          context.logger.info('fake: the copy to remove is already gone', {
            remoteId: remote.id,
            action,
          })
          return
        }
        touch(copy, { status: action === 'delete' ? 'trashed' : 'unpublished' })
      })
    },

    async findExisting(context, document) {
      return call('findExisting', context, () => {
        // Trashed copies do not count: the platform removed them on purpose and forgot their ids.
        const found = [...copies.values()].find(
          (copy) =>
            copy.integration === context.integration.id &&
            copy.status !== 'trashed' &&
            copy.document.collection === document.collection &&
            copy.document.id === document.id,
        )
        return found ? resultOf(context, found) : null
      })
    },
  }

  return { adapter, store }
}
