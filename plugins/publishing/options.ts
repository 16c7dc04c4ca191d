import type { CollectionSlug, PayloadRequest } from 'payload'

import type { CollectionTraits } from './publishable'
import type { PublishableCollection } from './types'

/** Options of `publishingPlugin()`. */
export type PublishingPluginOptions = {
  /**
   * Collections whose documents are delivered and synced, e.g. `['pages', 'posts']`. Each must be
   * in the config before the plugin, versioned with drafts, with a `site` relationship to `sites`
   * and `title` and `slug` text fields; start-up stops with a sentence otherwise. What else their
   * documents carry (a page tree, terms, a template, an excerpt, a featured image) is read from
   * their fields (see publishable.ts).
   */
  collections: PublishableCollection[]
  /** Who may do what: the app knows its roles, the plugin does not. */
  access: {
    /** Admins configure integrations and rules. */
    isAdmin: (user: PayloadRequest['user']) => boolean
    /** The sites a user works on: `'all'`, a list of site ids, or none. */
    sitesOf: (user: PayloadRequest['user']) => 'all' | number[]
  }
  /**
   * Run deliveries in the app process. `JOBS_RUNNER=false` turns it off (then run `npm run worker`).
   * @default true
   */
  runner?: boolean
  /**
   * Waits before each retry, in milliseconds; one retry per entry, then the record fails.
   * @default [10_000, 30_000, 120_000, 600_000, 1_800_000]
   */
  retryDelaysMs?: number[]
  /**
   * How long a delivery may stay "processing" before another runner takes it over.
   * @default 300_000
   */
  leaseMs?: number
  /**
   * Allow destinations on loopback, private and link-local addresses (development, tests).
   * @default false
   */
  allowPrivateDestinations?: boolean
  /** Public URL of the app, for absolute media and link URLs. @default config.serverURL */
  serverURL?: string
}

export type ResolvedPublishingOptions = Required<Omit<PublishingPluginOptions, 'serverURL'>> & {
  serverURL: string
  /** What each of `collections` has, read from its config when the plugin runs. */
  traits: ReadonlyMap<PublishableCollection, CollectionTraits>
  /** The auth collection of the admin's users (`config.admin.user`), for "who" fields. */
  usersCollection: CollectionSlug
}
