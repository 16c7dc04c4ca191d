import type { PayloadRequest } from 'payload'

import { RECORDS } from '../defaults'
import { enqueueDelivery } from './enqueueDelivery'
import { planDeliveries, type PublishableDoc } from './planDeliveries'

/**
 * Queues the rule's unpublish action for every remote copy of a document that is no longer
 * published (unpublished or deleted). `keep` leaves the copy and marks the record unpublished.
 */
export const removeCopies = async (req: PayloadRequest, collection: 'pages' | 'posts', doc: PublishableDoc): Promise<void> => {
  const { docs: records } = await req.payload.find({
    collection: RECORDS,
    where: {
      documentCollection: { equals: collection },
      documentId: { equals: doc.id },
      status: { not_equals: 'unpublished' },
    },
    limit: 0,
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (!records.length) return
  const planned = await planDeliveries(req, collection, doc)
  for (const record of records) {
    const integration = record.integration as number
    const action = planned?.plans.find((p) => p.integration === integration)?.unpublishAction ?? 'unpublish'
    if (action === 'keep') {
      await req.payload.update({
        collection: RECORDS,
        id: record.id,
        data: { status: 'unpublished', lastError: null, pending: { action: 'unpublish' } },
        overrideAccess: true,
        depth: 0,
        req,
      })
      continue
    }
    await enqueueDelivery({
      req,
      collection,
      doc,
      site: record.site as number,
      integration,
      action,
      remoteStatus: 'publish',
    })
  }
}
