import type {
  CollectionAfterChangeHook,
  CollectionAfterDeleteHook,
  CollectionConfig,
  Config,
  GlobalAfterChangeHook,
  GlobalConfig,
  Plugin,
} from 'payload'
import type pg from 'pg'

import { randomUUID } from 'crypto'

import { dependencyGraph } from './dependencies'
import { markChanged, watchCommits } from './invalidate'
import { startListener } from './listener'
import { readCacheOptionsFromEnv } from './options'
import { attachRuntime } from './runtime'
import { readCacheStatsEndpoint } from './statsEndpoint'
import { ReadCacheStore } from './store'

const collectionChanged =
  (slug: string): CollectionAfterChangeHook =>
  async ({ req, doc }) => {
    await markChanged(req, slug)
    return doc
  }

const collectionDeleted =
  (slug: string): CollectionAfterDeleteHook =>
  async ({ req }) => {
    await markChanged(req, slug)
  }

const globalChanged =
  (slug: string): GlobalAfterChangeHook =>
  async ({ req, doc }) => {
    await markChanged(req, `global:${slug}`)
    return doc
  }

const watchCollection = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  hooks: {
    ...collection.hooks,
    afterChange: [...(collection.hooks?.afterChange ?? []), collectionChanged(collection.slug)],
    afterDelete: [...(collection.hooks?.afterDelete ?? []), collectionDeleted(collection.slug)],
  },
})

const watchGlobal = (global: GlobalConfig): GlobalConfig => ({
  ...global,
  hooks: {
    ...global.hooks,
    afterChange: [...(global.hooks?.afterChange ?? []), globalChanged(global.slug)],
  },
})

/**
 * The read cache for published content (see README "Headless reads and caching"): every collection and global
 * announces its changes (hooks), each process listens for the others' (PostgreSQL NOTIFY), and
 * the REST and GraphQL route handlers (`routes.ts`) answer repeated reads from memory, and the
 * proxy (`proxyHits.ts`) the anonymous ones they have mapped. List it after the plugins that add
 * collections, so that it watches them too.
 */
export const readCachePlugin =
  ({ collections }: { collections: readonly string[] }): Plugin =>
  (incoming): Config => {
    const options = readCacheOptionsFromEnv(collections)
    return {
      ...incoming,
      collections: (incoming.collections ?? []).map(watchCollection),
      globals: (incoming.globals ?? []).map(watchGlobal),
      endpoints: [...(incoming.endpoints ?? []), readCacheStatsEndpoint],
      onInit: async (payload) => {
        await incoming.onInit?.(payload)
        const store = new ReadCacheStore(options.maxBytes, options.enabled)
        const instance = randomUUID()
        watchCommits(payload)
        const pool = (payload.db as unknown as { pool?: pg.Pool }).pool
        const stop =
          options.enabled && pool
            ? startListener(instance, pool.options as pg.ClientConfig, store, payload.logger)
            : async () => {}
        attachRuntime(payload, {
          instance,
          options,
          store,
          graph: dependencyGraph(payload.config, options.collections),
          stop,
        })
      },
    }
  }
