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

const findRecord = async (req: PayloadRequest, key: string) => {
  const { docs } = await req.payload.find({
    collection: RECORDS,
    where: { recordKey: { equals: key } },
    limit: 1,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return docs[0] as { id: number; remoteId?: string | null; status: string; pending?: { revision?: number | null } } | undefined
}

/**
 * Writes the record's intent (queued, with a new revision) and queues the job that carries it out,
 * inside the caller's transaction: the save and its deliveries commit or fail together. A newer
 * revision supersedes any delivery of the same record still waiting in the queue.
 *
 * Removing a copy that was never delivered needs no remote call: the record simply says so.
 */
export const enqueueDelivery = async ({ req, collection, doc, site, integration, action, remoteStatus }: EnqueueArgs): Promise<QueuedRecord | null> => {
  const key = recordKey(collection, doc.id, integration)
  const existing = await findRecord(req, key)
  if (action !== 'publish' && !existing?.remoteId) {
    if (!existing) return null
    await req.payload.update({
      collection: RECORDS,
      id: existing.id,
      data: { status: 'unpublished', pending: { revision: (existing.pending?.revision ?? 0) + 1, action } },
      overrideAccess: true,
      depth: 0,
      req,
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
  }
  const record = existing
    ? await req.payload.update({ collection: RECORDS, id: existing.id, data: intent, overrideAccess: true, depth: 0, req })
    : await req.payload.create({
        collection: RECORDS,
        data: {
          ...intent,
          document: { relationTo: collection, value: doc.id },
          documentCollection: collection,
          documentId: doc.id,
          site,
          integration,
          recordKey: key,
        },
        overrideAccess: true,
        depth: 0,
        req,
      })
  await req.payload.jobs.queue({
    task: DELIVER_TASK,
    queue: DELIVERY_QUEUE,
    input: { record: record.id, revision },
    req,
  })
  return { id: record.id as number, status: 'queued', revision }
}
