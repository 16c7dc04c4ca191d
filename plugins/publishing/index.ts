import type { CollectionConfig, CollectionSlug, Config, Endpoint, Payload, Plugin } from 'payload'

import type { PublishingPluginOptions, ResolvedPublishingOptions } from './options'
import type { CollectionTraits } from './publishable'
import type { AnyDestinationAdapter, PublishableCollection } from './types'

import { COMPONENTS, publishingStatusField, sitePublishingField } from './admin/components'
import { integrationsCollection } from './collections/integrations'
import { publishingRecordsCollection } from './collections/publishingRecords'
import { publishingRulesCollection } from './collections/publishingRules'
import { resolveKeyRing } from './crypto/keyRing'
import { DEFAULT_LEASE_MS, DEFAULT_RETRY_DELAYS_MS, INTEGRATIONS } from './defaults'
import { readSite } from './documents/readSite'
import { bulkEndpoint } from './endpoints/bulk'
import { deleteIntegrationEndpoint } from './endpoints/deleteIntegration'
import { listPlatformsEndpoint } from './endpoints/listPlatforms'
import {
  cancelPublishAllEndpoint,
  publishAllEndpoint,
  publishAllPreviewEndpoint,
} from './endpoints/publishAll'
import { publishNowEndpoint } from './endpoints/publishNow'
import { resolveConflictEndpoint } from './endpoints/resolveConflict'
import { retryAllFailedEndpoint } from './endpoints/retryAllFailed'
import { retryRecordEndpoint } from './endpoints/retryRecord'
import { scheduledEndpoint } from './endpoints/scheduled'
import { syncNowEndpoint } from './endpoints/syncNow'
import { testConnectionEndpoint } from './endpoints/testConnection'
import { deliverOnChange } from './hooks/deliverOnChange'
import { deploySiteOnChange } from './hooks/deploySiteOnChange'
import { recordEditor } from './hooks/recordEditor'
import { removeOnDelete } from './hooks/removeOnDelete'
import { backfillTask, deliveryTask, fanOutTask, siteDeployTask, syncTask } from './jobs/tasks'
import { collectionTraits, publishableProblems } from './publishable'
import { readRegistry, registryOf, withRegistry } from './registry'
import { startRunner } from './runner/startRunner'
import { startSyncScheduler } from './runner/startSyncScheduler'
import { assertPlatformsRegistered } from './startup/assertPlatformsRegistered'

// What code outside the plugin may use is re-exported by exports/server.ts, the public face.

const fail = (message: string): never => {
  throw new Error(`[publishing] ${message}`)
}

/**
 * The collections to publish, checked: each is in the config before the plugin and can be
 * published (publishable.ts), read once for what its documents have.
 */
const publishableCollections = (
  options: PublishingPluginOptions,
  config: Config,
): ReadonlyMap<PublishableCollection, CollectionTraits> => {
  const listed = options.collections
  if (!Array.isArray(listed) || listed.length === 0) {
    fail(
      "the \"collections\" option must list the collections to publish, e.g. collections: ['pages', 'posts']",
    )
  }
  const traits = new Map<PublishableCollection, CollectionTraits>()
  for (const slug of listed) {
    if (traits.has(slug))
      fail(`the "${slug}" collection is listed twice in the "collections" option`)
    const collection = (config.collections ?? []).find((c) => c.slug === slug)
    if (!collection)
      fail(`the "${slug}" collection must be in the config before publishingPlugin() runs`)
    const problems = publishableProblems(collection!)
    if (problems.length)
      fail(`the "${slug}" collection cannot be published: ${problems.join('; ')}`)
    traits.set(slug, collectionTraits(collection!))
  }
  return traits
}

const checkBulkProcess = (bulk: PublishingPluginOptions['bulkProcess']): void => {
  if (bulk === undefined || bulk === false) return
  if (
    typeof bulk !== 'object' ||
    typeof bulk.command !== 'string' ||
    !bulk.command ||
    !Array.isArray(bulk.args) ||
    bulk.args.some((arg) => typeof arg !== 'string')
  )
    fail(
      'the "bulkProcess" option must be false or { command: string, args: string[] }, e.g. the worker with --bulk-only',
    )
}

const resolveOptions = (
  options: PublishingPluginOptions,
  config: Config,
): ResolvedPublishingOptions => {
  const traits = publishableCollections(options, config)
  checkBulkProcess(options.bulkProcess)
  return {
    collections: [...traits.keys()],
    traits,
    access: options.access,
    runner: options.runner ?? true,
    retryDelaysMs: options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    allowPrivateDestinations: options.allowPrivateDestinations ?? false,
    serverURL: (options.serverURL ?? config.serverURL ?? 'http://localhost:3000').replace(
      /\/+$/,
      '',
    ),
    usersCollection: (config.admin?.user ?? 'users') as CollectionSlug,
    bulkProcess: options.bulkProcess ?? false,
  }
}

const withEndpoint = (
  collection: CollectionConfig,
  endpoint: Omit<Endpoint, 'root'>,
): CollectionConfig => ({
  ...collection,
  endpoints: [...(collection.endpoints || []), endpoint],
})

const withDeliveryHooks = (
  collection: CollectionConfig,
  users: CollectionSlug,
): CollectionConfig => ({
  ...collection,
  admin: {
    ...collection.admin,
    defaultColumns: collection.admin?.defaultColumns
      ? [...collection.admin.defaultColumns, 'publishing']
      : undefined,
    components: {
      ...collection.admin?.components,
      beforeListTable: [
        ...(collection.admin?.components?.beforeListTable ?? []),
        COMPONENTS.bulkPublishing,
      ],
    },
  },
  fields: [
    ...collection.fields,
    {
      name: 'lastEditedBy',
      type: 'relationship',
      relationTo: users,
      admin: { position: 'sidebar', readOnly: true, description: 'Who saved this version.' },
    },
    publishingStatusField(),
  ],
  hooks: {
    ...collection.hooks,
    beforeChange: [...(collection.hooks?.beforeChange ?? []), recordEditor],
    afterChange: [...(collection.hooks?.afterChange ?? []), deliverOnChange],
    afterDelete: [...(collection.hooks?.afterDelete ?? []), removeOnDelete],
  },
})

const withIntegrationsJoin = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  hooks: {
    ...collection.hooks,
    // Settings changed: adapters that render whole sites deploy the site again.
    afterChange: [...(collection.hooks?.afterChange ?? []), deploySiteOnChange],
  },
  fields: [
    ...collection.fields,
    { name: 'integrations', type: 'join', collection: INTEGRATIONS, on: 'site' },
    sitePublishingField(),
  ],
})

/** Start-up: the key ring (production refuses to start without one), the in-process runner and sync scheduler. */
const initialise = async (payload: Payload): Promise<void> => {
  const registry = registryOf(payload)
  registry.runtime.keyRing = resolveKeyRing({
    env: process.env.CREDENTIALS_KEYS,
    secret: payload.secret,
    production: process.env.NODE_ENV === 'production',
    warn: (message) => payload.logger.warn(`[publishing] ${message}`),
  })
  await assertPlatformsRegistered(payload)
  if (registry.options.runner && process.env.JOBS_RUNNER !== 'false') {
    startRunner(payload)
    startSyncScheduler(payload)
  }
}

/**
 * The publishing platform: integrations (destinations with encrypted credentials), publishing
 * rules and records, the hooks that turn a save into deliveries, the delivery job and its runner,
 * two-way sync (scheduler, job, conflict guard), and the endpoints to test, publish, retry, sync
 * and resolve conflicts. Destinations come from adapter plugins listed
 * after it (`registerAdapter`).
 */
export const publishingPlugin =
  (options: PublishingPluginOptions): Plugin =>
  (incoming) => {
    if (readRegistry(incoming)) fail('publishingPlugin() is listed twice in payload.config.ts')
    if (!(incoming.collections ?? []).some((c) => c.slug === 'sites')) {
      fail('the "sites" collection must be in the config before publishingPlugin() runs')
    }
    const resolved = resolveOptions(options, incoming)
    const collections = (incoming.collections ?? []).map((collection) => {
      if (collection.slug === 'sites') return withIntegrationsJoin(collection)
      return resolved.collections.includes(collection.slug as PublishableCollection)
        ? withDeliveryHooks(collection, resolved.usersCollection)
        : collection
    })
    const config: Config = {
      ...incoming,
      collections: [
        ...collections,
        [
          testConnectionEndpoint,
          syncNowEndpoint,
          deleteIntegrationEndpoint,
          publishAllPreviewEndpoint,
          publishAllEndpoint,
          cancelPublishAllEndpoint,
          retryAllFailedEndpoint,
        ].reduce(
          (collection, endpoint) => withEndpoint(collection, endpoint(resolved)),
          integrationsCollection(resolved),
        ),
        withEndpoint(
          withEndpoint(publishingRecordsCollection(resolved), retryRecordEndpoint(resolved)),
          resolveConflictEndpoint(resolved),
        ),
        publishingRulesCollection(resolved),
      ],
      endpoints: [
        ...(incoming.endpoints ?? []),
        publishNowEndpoint(resolved),
        bulkEndpoint(resolved),
        scheduledEndpoint(resolved),
        listPlatformsEndpoint(resolved),
      ],
      jobs: {
        ...incoming.jobs,
        tasks: [
          ...(incoming.jobs?.tasks ?? []),
          fanOutTask,
          deliveryTask,
          syncTask,
          backfillTask,
          siteDeployTask,
        ],
      },
      onInit: async (payload) => {
        await incoming.onInit?.(payload)
        await initialise(payload)
      },
    }
    return withRegistry(config, {
      options: resolved,
      adapters: new Map(),
      runtime: { keyRing: null, readSite },
    })
  }

const PLATFORM_ID = /^[a-z][a-z0-9-]{1,31}$/

/**
 * Registers a destination adapter. Use it as the adapter plugin's body, listed after
 * `publishingPlugin()` in payload.config.ts.
 */
export const registerAdapter =
  (adapter: AnyDestinationAdapter): Plugin =>
  (incoming) => {
    const registry = readRegistry(incoming)
    const id = String(adapter.platform)
    if (!registry)
      fail(
        `the "${id}" adapter is listed before publishingPlugin() in payload.config.ts: list publishingPlugin() first`,
      )
    if (!PLATFORM_ID.test(id))
      fail(`adapter platform id "${id}" must be lower-case letters, digits and hyphens`)
    if (registry!.adapters.has(id))
      fail(`two adapters register platform "${id}": list each adapter plugin once`)
    for (const group of [adapter.configFields, adapter.credentialFields]) {
      const names = group.map((f) => f.name)
      if (new Set(names).size !== names.length) fail(`adapter "${id}" declares a field twice`)
    }
    if (
      adapter.collections !== undefined &&
      (!Array.isArray(adapter.collections) ||
        adapter.collections.some((c) => typeof c !== 'string'))
    ) {
      fail(`adapter "${id}" declares "collections" that are not a list of collection slugs`)
    }
    if (adapter.capabilities.pull && (!adapter.listChanges || !adapter.getRemote)) {
      fail(
        `adapter "${id}" declares the pull capability but does not implement listChanges and getRemote`,
      )
    }
    return withRegistry(incoming, {
      ...registry!,
      adapters: new Map([...registry!.adapters, [id, adapter]]),
    })
  }
