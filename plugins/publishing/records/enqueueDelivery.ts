import type { Payload, PayloadRequest } from 'payload'

import type { PublishableCollection } from '../types'

import { DELIVER_TASK, DELIVERY_QUEUE, RECORDS } from '../defaults'
import { recordKey } from './recordKey'

export type DeliveryAction = 'publish' | 'unpublish' | 'delete'

/** One delivery to queue: where, and what to do there. */
export type DeliveryTarget = { integration: number; action: DeliveryAction; remoteStatus: 'publish' | 'draft' }

export type EnqueueArgs = {
  req: PayloadRequest
  collection: PublishableCollection
  doc: { id: number; title?: string | null; slug?: string | null }
  site: number
} & DeliveryTarget

export type QueuedRecord = { id: number; status: string; revision: number }

type RecordRow = { id: number; recordKey: string; remoteId?: string | null; pending?: { revision?: number | null } | null }

/** The Drizzle handle of `req`'s transaction (as @payloadcms/drizzle's getTransaction finds it), or the pool's. */
type Insertable = { insert: (args: { db: unknown; tableName: string; values: Record<string, unknown>[] }) => Promise<Record<string, unknown>[]> }
const drizzleOf = async (payload: Payload, req: PayloadRequest): Promise<unknown> => {
  const db = payload.db as unknown as { drizzle: unknown; sessions?: Record<string, { db: unknown }> }
  const id = req.transactionID ? await req.transactionID : null
  return (id !== null && db.sessions?.[String(id)]?.db) || db.drizzle
}

/**
 * Writes each delivery's intent on its record (queued, with a new revision) and queues the jobs
 * that carry them out, inside the caller's transaction: the save and its deliveries commit or fail
 * together. A newer revision supersedes any delivery of the same record still waiting in the queue.
 * Removing a copy that was never delivered needs no remote call: the record simply says so.
 *
 * Records have no hooks and the platform is their only writer, so this goes straight to the
 * database adapter, in bulk: one read for all the records, one insert for the new ones (and one
 * for their `document` relationship rows), one update per existing record, and one insert for all
 * the jobs, which are what `payload.jobs.queue` writes (input, task, queue), minus its per-job
 * read-back. A fan-out to ten destinations costs a handful of statements instead of sixty.
 */
export const enqueueDeliveries = async (
  { req, collection, doc, site }: Omit<EnqueueArgs, keyof DeliveryTarget>,
  targets: DeliveryTarget[],
): Promise<(QueuedRecord | null)[]> => {
  if (!targets.length) return []
  const { payload } = req
  const now = new Date().toISOString()
  const keys = targets.map((t) => recordKey(collection, doc.id, t.integration))
  const { docs } = await payload.db.find<RecordRow>({
    collection: RECORDS,
    where: { recordKey: { in: keys } },
    select: { recordKey: true, remoteId: true, pending: true },
    pagination: false,
    limit: 0,
    req,
  })
  const existing = new Map(docs.map((row) => [row.recordKey, row]))
  const results: (QueuedRecord | null)[] = new Array(targets.length).fill(null)
  const jobs: { index: number; revision: number }[] = []
  const creates: { index: number; row: Record<string, unknown> }[] = []

  for (const [index, target] of targets.entries()) {
    const record = existing.get(keys[index]!)
    const revision = (record?.pending?.revision ?? 0) + 1
    if (target.action !== 'publish' && !record?.remoteId) {
      if (!record) continue
      const data = { status: 'unpublished', pending: { revision, action: target.action }, updatedAt: now }
      await payload.db.updateOne({ collection: RECORDS, id: record.id, data, req, returning: false })
      results[index] = { id: record.id, status: 'unpublished', revision }
      continue
    }
    const intent = {
      status: 'queued' as const,
      documentTitle: doc.title ?? null,
      documentSlug: doc.slug ?? null,
      attempts: 0,
      nextAttemptAt: null,
      updatedAt: now,
    }
    if (record) {
      const data = { ...intent, pending: { revision, action: target.action, remoteStatus: target.remoteStatus } }
      await payload.db.updateOne({ collection: RECORDS, id: record.id, data, req, returning: false })
      results[index] = { id: record.id, status: 'queued', revision }
    } else {
      creates.push({
        index,
        row: {
          ...intent,
          pending_revision: revision,
          pending_action: target.action,
          pending_remoteStatus: target.remoteStatus,
          createdAt: now,
          documentCollection: collection,
          documentId: doc.id,
          site,
          integration: target.integration,
          recordKey: keys[index],
        },
      })
    }
    jobs.push({ index, revision })
  }

  const adapter = payload.db as unknown as Insertable
  const db = await drizzleOf(payload, req)
  if (creates.length) {
    const inserted = await adapter.insert({ db, tableName: 'publishing_records', values: creates.map((c) => c.row) })
    const idByKey = new Map(inserted.map((row) => [String(row.recordKey), Number(row.id)]))
    for (const { index } of creates) results[index] = { id: idByKey.get(keys[index]!)!, status: 'queued', revision: 1 }
    await adapter.insert({
      db,
      tableName: 'publishing_records_rels',
      values: creates.map(({ index }) => ({ parent: results[index]!.id, path: 'document', [`${collection}ID`]: doc.id })),
    })
  }
  if (jobs.length) {
    await adapter.insert({
      db,
      tableName: 'payload_jobs',
      values: jobs.map(({ index, revision }) => ({
        input: { record: results[index]!.id, revision },
        taskSlug: DELIVER_TASK,
        queue: DELIVERY_QUEUE,
        createdAt: now,
        updatedAt: now,
      })),
    })
  }
  return results
}

/** Queues one delivery; see `enqueueDeliveries`. */
export const enqueueDelivery = async ({ integration, action, remoteStatus, ...args }: EnqueueArgs): Promise<QueuedRecord | null> =>
  (await enqueueDeliveries(args, [{ integration, action, remoteStatus }]))[0] ?? null
