import type { DataFromCollectionSlug } from 'payload'

import type { RECORDS } from '../defaults'
import type { PublishableCollection } from '../types'

/** What a delivery does at its destination. */
export type DeliveryAction = 'publish' | 'unpublish' | 'delete'

/** One attempt in a record's `history` (newest first, `HISTORY_LENGTH` kept). */
export type HistoryEntry = {
  at: string
  action: DeliveryAction
  outcome: 'success' | 'retry' | 'failed' | 'superseded'
  message?: string | null
  durationMs?: number
}

/** The record as Payload generates its type (relationships as id or populated document). */
type GeneratedRecord = DataFromCollectionSlug<typeof RECORDS>

/**
 * A publishing record as the platform reads it: the generated type narrowed to the depth-0 row
 * (relationships as ids), with the JSON `history` typed. The one record type of the platform;
 * everything that reads or writes records goes through `records/`.
 */
export type PublishingRecord = Omit<
  GeneratedRecord,
  'document' | 'site' | 'integration' | 'triggeredBy' | 'history' | 'documentCollection'
> & {
  document?: { relationTo: PublishableCollection; value: number } | null
  site: number
  integration: number
  triggeredBy?: number | null
  history?: HistoryEntry[] | null
  documentCollection: PublishableCollection
}

/** The fields a write may set (`pending` partially: the fields left out keep their values). */
export type RecordData = Partial<Omit<PublishingRecord, 'id' | 'pending'>> & {
  pending?: Partial<NonNullable<PublishingRecord['pending']>>
}

/** A record after its delivery intent was written: what the endpoints answer with. */
export type QueuedRecord = { id: number; status: PublishingRecord['status']; revision: number }
