import type { PayloadRequest } from 'payload'

import type { PublishingRecord, QueuedRecord } from '../records'

import { enqueueDelivery } from '../queue'
import { recordTrigger } from '../records'

type FailedRecord = Pick<
  PublishingRecord,
  | 'documentCollection'
  | 'documentId'
  | 'documentSlug'
  | 'documentTitle'
  | 'integration'
  | 'pending'
  | 'site'
>

/**
 * Queues a failed delivery again, from attempt one, doing what it was doing (publish, unpublish
 * or delete), and notes who asked. Runs in the caller's transaction. Shared by "Retry", the bulk
 * retry and "Retry all failed", so the three can never disagree on what a retry is.
 */
export const requeueFailed = async (
  req: PayloadRequest,
  record: FailedRecord,
): Promise<QueuedRecord | null> => {
  const requeued = await enqueueDelivery({
    req,
    collection: record.documentCollection,
    doc: { id: record.documentId, title: record.documentTitle, slug: record.documentSlug },
    site: record.site,
    integration: record.integration,
    action: record.pending?.action ?? 'publish',
    remoteStatus: record.pending?.remoteStatus ?? 'publish',
  })
  await recordTrigger(req, requeued)
  return requeued
}
