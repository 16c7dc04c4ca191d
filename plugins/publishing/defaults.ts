/** Collection slugs the plugin adds. Public API: keep them. */
export const INTEGRATIONS = 'integrations'
export const RECORDS = 'publishing-records'
export const RULES = 'publishing-rules'

/** The Payload jobs task and queue that carry deliveries. */
export const DELIVER_TASK = 'publishing-deliver'
export const DELIVERY_QUEUE = 'publishing'
/**
 * The job a save queues: it works out the destinations and queues their deliveries. One job per
 * save, whatever the number of destinations, keeps a save's cost flat. Run one at a time.
 */
export const FANOUT_TASK = 'publishing-fanout'
export const FANOUT_QUEUE = 'publishing-fanout'

/** Where the plugin keeps its registry on the Payload config (`config.custom`). */
export const REGISTRY_KEY = 'syndicatePublishing'

/** Waits before each retry of a failed delivery: about 10 s, 30 s, 2 min, 10 min, 30 min. */
export const DEFAULT_RETRY_DELAYS_MS = [10_000, 30_000, 120_000, 600_000, 1_800_000]
/** Each wait is stretched or shrunk at random by up to this share, so retries do not stampede. */
export const RETRY_JITTER = 0.2

/** A job still marked processing after this long belonged to a runner that died: run it again. */
export const DEFAULT_LEASE_MS = 5 * 60_000
/** Arbitrary constant identifying the delivery runner's PostgreSQL advisory lock. */
export const RUNNER_LOCK_KEY = 720_431_977

/** Advisory lock space of the per-document fan-out locks (queue/fanOutJobs.ts `fanOutLockKey`). */
export const FANOUT_LOCK_SPACE = 720_431_979

/** Entries kept in a record's attempt history. */
export const HISTORY_LENGTH = 10

/** The Payload jobs task and queue that carry two-way syncs, one job per integration sync. */
export const SYNC_TASK = 'publishing-sync'
export const SYNC_QUEUE = 'publishing-sync'
/** Arbitrary constant identifying the sync scheduler's PostgreSQL advisory lock. */
export const SYNC_LOCK_KEY = 720_431_978
/** How often the sync scheduler looks for due syncs (node-cron, with seconds). */
export const SYNC_SCHEDULE = '*/5 * * * * *'
/** Conflict policies an integration can have. */
export const CONFLICT_POLICIES = ['manual', 'prefer-local', 'prefer-remote'] as const
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number]
/** Where a record's remote copy stands, as the last sync or delivery saw it. */
export const REMOTE_STATES = ['present', 'trashed', 'deleted'] as const

/**
 * "Publish everything" (delivery/backfill.ts): its job runs in the delivery queue, claimed and
 * leased like deliveries, one step at a time per run.
 */
export const BACKFILL_TASK = 'publishing-backfill'
/**
 * A site-level delivery (delivery/deploySite.ts): the site itself changed (its settings), so the
 * integrations whose adapter renders whole sites (`DestinationAdapter.deploySite`) deploy it again.
 * In the delivery queue, claimed and leased like deliveries.
 */
export const SITE_DEPLOY_TASK = 'publishing-deploy-site'
/**
 * The site's fields whose change queues a site-level delivery: what `readSite` gives adapters (the
 * `settings` group holds tagline, description, logo, locale, time zone, default template).
 */
export const SITE_SETTINGS_FIELDS = ['name', 'slug', 'domain', 'settings'] as const
/** Documents a backfill step reads and queues at most, in one transaction. */
export const BACKFILL_CHUNK = 250
/** A step queues its next chunk only while fewer of the run's deliveries than this wait. */
export const BACKFILL_LOW_WATER = 250
/** How often a step looks again while the run's deliveries drain (ms). */
export const BACKFILL_WATCH_MS = 1_000
/** Where a run of "publish everything" stands, on the integration's `bulk.status`. */
export const BULK_STATUSES = [
  'idle',
  'running',
  'cancelling',
  'cancelled',
  'done',
  'failed',
] as const
export type BulkStatus = (typeof BULK_STATUSES)[number]

/** The most documents one bulk action (`POST /api/publishing/bulk`) takes. */
export const MAX_BULK_DOCUMENTS = 500
/** The most destinations one bulk action names. */
export const MAX_BULK_DESTINATIONS = 100

/**
 * Payload's scheduled publish task (`versions.drafts.schedulePublish`) and the queue its admin
 * puts the jobs in; the delivery runner runs them under its lock (queue/fanOutJobs.ts).
 */
export const SCHEDULE_PUBLISH_TASK = 'schedulePublish'
export const SCHEDULE_PUBLISH_QUEUE = 'default'
