import type { PayloadRequest } from 'payload'

import type { PublishingRecord } from '../records'
import type { DeliveryDocument } from '../types'

import { enqueueDelivery } from '../queue'
import { recordKey, recordOf, recordsByKey } from '../records'
import { traitsOf } from '../registry'

/*
 * Deliveries of a tree's documents (pages) depend on each other: a child needs its parent's
 * remote id at the same destination. Two rules keep the destination's tree the Site Manager's,
 * whatever order the saves and deliveries run in:
 * - a child whose parent is on its way there (queued or publishing, no remote id yet) waits a
 *   little and tries again, instead of going out at the top level;
 * - a parent's first copy at a destination re-queues its children already there, which went out
 *   without it (published while the parent was a draft, or the parent's wait was too long).
 */

/** How long a child waits before looking at its parent's record again. */
export const PARENT_WAIT_MS = 1_000
/** A parent due later than this (a retry backing off) is not waited for: the second rule covers it. */
export const MAX_PARENT_WAIT_MS = 30_000

/**
 * When `document`'s delivery should run again because its parent is on its way to the same
 * destination; null when it can go out now (no parent, the parent's remote id is known, or the
 * parent is not being delivered there, or not soon). A parent's remote id that became known
 * since the document was built is written into `document.parent`.
 */
export const parentPending = async (
  req: PayloadRequest,
  record: PublishingRecord,
  document: DeliveryDocument,
  now = Date.now(),
): Promise<Date | null> => {
  if (!document.parent || document.parent.remoteId) return null
  const parent = await recordOf(
    req,
    record.documentCollection,
    document.parent.id,
    record.integration,
  )
  if (!parent) return null
  if (parent.remoteId) {
    // The parent's copy arrived after this document was built (deliveries run side by side): its
    // parent's remote id is known now, so the document goes out under it, not at the top level.
    document.parent = { ...document.parent, remoteId: parent.remoteId }
    return null
  }
  if (parent.pending?.action !== 'publish') return null
  if (parent.status !== 'queued' && parent.status !== 'publishing') return null
  const due = parent.nextAttemptAt ? Date.parse(parent.nextAttemptAt) : 0
  const at = Math.max(now + PARENT_WAIT_MS, Number.isNaN(due) ? 0 : due)
  return at - now > MAX_PARENT_WAIT_MS ? null : new Date(at)
}

/**
 * Queues a new delivery of every child of `record`'s document whose copy at the record's
 * destination is published: they went out before the parent had a remote id there.
 */
export const requeueChildren = async (
  req: PayloadRequest,
  record: PublishingRecord,
): Promise<void> => {
  const collection = record.documentCollection
  if (!traitsOf(req.payload, collection).tree) return
  const { docs } = await req.payload.find({
    collection,
    where: { parent: { equals: record.documentId } },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  if (!docs.length) return
  const keys = docs.map((doc) => recordKey(collection, Number(doc.id), record.integration))
  const records = await recordsByKey(req, keys, [
    'status',
    'remoteId',
    'pending',
    'site',
    'documentId',
    'documentTitle',
    'documentSlug',
  ])
  for (const child of records.values()) {
    if (child.status !== 'published' || !child.remoteId || child.pending?.action !== 'publish')
      continue
    await enqueueDelivery({
      req,
      collection,
      doc: { id: child.documentId, title: child.documentTitle, slug: child.documentSlug },
      site: child.site,
      integration: record.integration,
      action: 'publish',
      remoteStatus: child.pending.remoteStatus ?? 'publish',
    })
  }
}
