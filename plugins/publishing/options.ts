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
  /**
   * How the app's own runner starts the process that runs "publish everything" runs (their steps
   * and deliveries) apart from the one answering the admin: `command` and `args` as for
   * `child_process.spawn` (the app points them at its worker with `--bulk-only`), `env` added to
   * this process's environment. The runner starts one such child per process when a run has work
   * due, lowers its CPU priority (nice 19) and leaves the run's work to it; the child exits once
   * idle and when this process goes away. `false` or unset: the runner paces the run's deliveries
   * to its own event loop instead (runner/backgroundPace.ts), as it also does when a file named by
   * an absolute path in `command`/`args` is missing, or when the child fails twice within a minute.
   * @default false
   */
  bulkProcess?: BulkProcessOptions | false
}

/** See `PublishingPluginOptions.bulkProcess`. */
export type BulkProcessOptions = {
  command: string
  args: string[]
  env?: Record<string, string>
}

export type ResolvedPublishingOptions = Required<
  Omit<PublishingPluginOptions, 'serverURL' | 'bulkProcess'>
> & {
  serverURL: string
  bulkProcess: BulkProcessOptions | false
  /** What each of `collections` has, read from its config when the plugin runs. */
  traits: ReadonlyMap<PublishableCollection, CollectionTraits>
  /** The auth collection of the admin's users (`config.admin.user`), for "who" fields. */
  usersCollection: CollectionSlug
}
