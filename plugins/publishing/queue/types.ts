import type { PublishableCollection } from '../types'

/*
 * The queue's contract: what each job of the plugin carries in `payload_jobs.input`.
 */

/** A delivery job: carry out revision `revision` of record `record` (older revisions are superseded). */
export type DeliveryInput = { record: number; revision: number }

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
