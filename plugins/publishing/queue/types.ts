import type { PublishableCollection } from '../types'

/*
 * The queue's contract: what each job of the plugin carries in `payload_jobs.input`.
 */

/**
 * A delivery job: carry out revision `revision` of record `record` (older revisions are
 * superseded). `bulk` names the "publish everything" run that queued it, so a cancel can drop it.
 */
export type DeliveryInput = { record: number; revision: number; bulk?: number }

/** What a deleted document leaves behind for its removal job. */
export type DocumentSnapshot = {
  site: number | null
  title: string | null
  slug: string | null
  template: string | null
  categories: number[]
  tags: number[]
}

/** A fan-out job: turn one save (publish) or unpublish/delete (remove) into deliveries. */
export type FanOutInput = {
  collection: PublishableCollection
  id: number
  action: 'publish' | 'remove'
  snapshot?: DocumentSnapshot
}

/** A sync job: one two-way sync of one integration. */
export type SyncInput = { integration: number }
/** A site-level delivery (delivery/deploySite.ts): one integration deploys its whole site. */
export type SiteDeployInput = { integration: number }

/** Where a "publish everything" run has listed up to: the collection (index in the plugin's list), then (depth in the tree, id). */
export type BackfillCursor = { collection: number; depth: number; id: number }

/**
 * One step of a "publish everything" run of `integration` (its `bulk.run` = `run`): queue the
 * next chunk after `cursor` (null once everything is listed), count the run's progress, and queue
 * the next step until the run's deliveries have settled.
 */
export type BackfillInput = { integration: number; run: number; cursor: BackfillCursor | null }
