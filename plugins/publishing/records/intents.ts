import type { PayloadRequest } from 'payload'

import type { PublishableCollection } from '../types'
import type { DeliveryAction, QueuedRecord } from './record'

import { recordKey } from './recordKey'
import { insertRecords, recordsByKey, updateRecord } from './records'

/** One delivery to queue: where, and what to do there. */
export type DeliveryTarget = {
  integration: number
  action: DeliveryAction
  remoteStatus: 'publish' | 'draft'
}

/** The document the deliveries are about, and the site its records belong to. */
export type IntentSubject = {
  req: PayloadRequest
  collection: PublishableCollection
  doc: { id: number; title?: string | null; slug?: string | null }
  site: number
}

export type DeliveryIntents = {
  /** Per target, in order: its record as now written, or null when there was nothing to do. */
  records: (QueuedRecord | null)[]
  /** The deliveries to carry the intents out, one per record that needs a remote call. */
  deliveries: { record: number; revision: number }[]
}

/**
 * Writes each delivery's intent on its record (queued, with a new revision), in the caller's
 * transaction; the caller queues `deliveries` in the same one (queue/deliveryJobs.ts). A newer
 * revision supersedes any delivery of the same record still waiting in the queue. Removing a copy
 * that was never delivered needs no remote call: the record simply says so.
 *
 * In bulk: one read for all the records, one insert for the new ones (and one for their
 * `document` relationship rows), one update per existing record.
 */
export const writeDeliveryIntents = async (
  { req, collection, doc, site }: IntentSubject,
  targets: DeliveryTarget[],
): Promise<DeliveryIntents> => {
  if (!targets.length) return { records: [], deliveries: [] }
  const now = new Date().toISOString()
  const keys = targets.map((t) => recordKey(collection, doc.id, t.integration))
  const existing = await recordsByKey(req, keys, ['remoteId', 'pending'])
  const records: (QueuedRecord | null)[] = new Array(targets.length).fill(null)
  const needDelivery: number[] = []
  const creates: number[] = []

  for (const [index, target] of targets.entries()) {
    const record = existing.get(keys[index]!)
    const revision = (record?.pending?.revision ?? 0) + 1
    if (target.action !== 'publish' && !record?.remoteId) {
      if (!record) continue
      await updateRecord(req, record.id, {
        status: 'unpublished',
        pending: { revision, action: target.action },
        updatedAt: now,
      })
      records[index] = { id: record.id, status: 'unpublished', revision }
      continue
    }
    if (record) {
      await updateRecord(req, record.id, {
        ...intent(doc, now),
        pending: { revision, action: target.action, remoteStatus: target.remoteStatus },
      })
      records[index] = { id: record.id, status: 'queued', revision }
    } else {
      creates.push(index)
    }
    needDelivery.push(index)
  }

  if (creates.length) {
    const ids = await insertRecords(
      req,
      creates.map((index) => ({
        ...intent(doc, now),
        pending: {
          revision: 1,
          action: targets[index]!.action,
          remoteStatus: targets[index]!.remoteStatus,
        },
        documentCollection: collection,
        documentId: doc.id,
        site,
        integration: targets[index]!.integration,
      })),
    )
    for (const index of creates)
      records[index] = { id: ids.get(keys[index]!)!, status: 'queued', revision: 1 }
  }
  return {
    records,
    deliveries: needDelivery.map((index) => ({
      record: records[index]!.id,
      revision: records[index]!.revision,
    })),
  }
}

/** What a record says while a delivery of it waits: queued, from attempt one, under the document's current name. */
const intent = (doc: IntentSubject['doc'], now: string) =>
  ({
    status: 'queued',
    documentTitle: doc.title ?? null,
    documentSlug: doc.slug ?? null,
    attempts: 0,
    nextAttemptAt: null,
    updatedAt: now,
  }) as const

/** One document a "publish everything" run delivers, with its record at the integration if any. */
export type BulkIntent = {
  collection: PublishableCollection
  doc: IntentSubject['doc']
  remoteStatus: 'publish' | 'draft'
  record?: { id: number; pending?: { revision?: number | null } | null } | null
}

/**
 * `writeDeliveryIntents` for many documents at one integration, marking each record as part of
 * run `run` (records/bulkRuns.ts): one insert for all the new records (and one for their
 * `document` rows), one update per existing record. The caller read the records already.
 */
export const writeBulkIntents = async (
  req: PayloadRequest,
  { site, integration, run }: { site: number; integration: number; run: number },
  items: BulkIntent[],
): Promise<{ record: number; revision: number }[]> => {
  const now = new Date().toISOString()
  const deliveries: { record: number; revision: number }[] = []
  const creates: BulkIntent[] = []
  for (const item of items) {
    if (!item.record) {
      creates.push(item)
      continue
    }
    const revision = (item.record.pending?.revision ?? 0) + 1
    await updateRecord(req, item.record.id, {
      ...intent(item.doc, now),
      bulkRun: run,
      pending: { revision, action: 'publish', remoteStatus: item.remoteStatus },
    })
    deliveries.push({ record: item.record.id, revision })
  }
  const ids = await insertRecords(
    req,
    creates.map((item) => ({
      ...intent(item.doc, now),
      bulkRun: run,
      pending: { revision: 1, action: 'publish', remoteStatus: item.remoteStatus },
      documentCollection: item.collection,
      documentId: item.doc.id,
      site,
      integration,
    })),
  )
  for (const item of creates)
    deliveries.push({
      record: ids.get(recordKey(item.collection, item.doc.id, integration))!,
      revision: 1,
    })
  return deliveries
}
