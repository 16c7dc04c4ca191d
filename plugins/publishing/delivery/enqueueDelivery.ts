import type { PayloadRequest } from 'payload'

import { DELIVER_TASK, DELIVERY_QUEUE, RECORDS } from '../defaults'
import { recordKey } from './recordKey'

export type DeliveryAction = 'publish' | 'unpublish' | 'delete'

export type EnqueueArgs = {
  req: PayloadRequest
  collection: 'pages' | 'posts'
  doc: { id: number; title?: string | null; slug?: string | null }
  site: number
  integration: number
  action: DeliveryAction
  remoteStatus: 'publish' | 'draft'
}

export type QueuedRecord = { id: number; status: string; revision: number }

type RecordRow = { id: number; remoteId?: string | null; status: string; pending?: { revision?: number | null } | null }

// Records have no hooks and the platform is their only writer, so the fan-out, which writes one
// per destination, goes straight to the database adapter (no validation, access or read-back).
const findRecord = (req: PayloadRequest, key: string) =>
  req.payload.db.findOne<RecordRow>({ collection: RECORDS, where: { recordKey: { equals: key } }, req })

/**
 * Writes the record's intent (queued, with a new revision) and queues the job that carries it out,
 * inside the caller's transaction: the save and its deliveries commit or fail together. A newer
 * revision supersedes any delivery of the same record still waiting in the queue.
 *
 * Removing a copy that was never delivered needs no remote call: the record simply says so.
 */
export const enqueueDelivery = async ({ req, collection, doc, site, integration, action, remoteStatus }: EnqueueArgs): Promise<QueuedRecord | null> => {
  const key = recordKey(collection, doc.id, integration)
  const now = new Date().toISOString()
  const existing = await findRecord(req, key)
  if (action !== 'publish' && !existing?.remoteId) {
    if (!existing) return null
    await req.payload.db.updateOne({
      collection: RECORDS,
      id: existing.id,
      data: { status: 'unpublished', pending: { revision: (existing.pending?.revision ?? 0) + 1, action }, updatedAt: now },
      req,
      returning: false,
    })
    return { id: existing.id, status: 'unpublished', revision: (existing.pending?.revision ?? 0) + 1 }
  }
  const revision = (existing?.pending?.revision ?? 0) + 1
  const intent = {
    status: 'queued' as const,
    pending: { revision, action, remoteStatus },
    documentTitle: doc.title ?? null,
    documentSlug: doc.slug ?? null,
    attempts: 0,
    nextAttemptAt: null,
    updatedAt: now,
  }
  let id: number
  if (existing) {
    id = existing.id
    await req.payload.db.updateOne({ collection: RECORDS, id, data: intent, req, returning: false })
  } else {
    const created = await req.payload.db.create({
      collection: RECORDS,
      data: {
        ...intent,
        createdAt: now,
        document: { relationTo: collection, value: doc.id },
        documentCollection: collection,
        documentId: doc.id,
        site,
        integration,
        recordKey: key,
      },
      req,
    })
    id = Number(created.id)
  }
  await req.payload.jobs.queue({
    task: DELIVER_TASK,
    queue: DELIVERY_QUEUE,
    input: { record: id, revision },
    req,
  })
  return { id, status: 'queued', revision }
}
