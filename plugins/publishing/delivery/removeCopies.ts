import type { PayloadRequest } from 'payload'

import type { PublishableCollection } from '../types'

import { RECORDS } from '../defaults'
import { enqueueDeliveries, type DeliveryTarget } from '../records/enqueueDelivery'
import { planDeliveries } from '../rules/planDeliveries'
import type { PublishableDoc } from '../documents/publishableDoc'

/**
 * Queues the rule's unpublish action for every remote copy of a document that is no longer
 * published (unpublished or deleted). `keep` leaves the copy and marks the record unpublished.
 */
export const removeCopies = async (req: PayloadRequest, collection: PublishableCollection, doc: PublishableDoc): Promise<void> => {
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
  const removals = new Map<number, DeliveryTarget[]>() // by site: a record keeps the site it was made for
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
    const site = record.site as number
    removals.set(site, [...(removals.get(site) ?? []), { integration, action, remoteStatus: 'publish' }])
  }
  for (const [site, targets] of removals) await enqueueDeliveries({ req, collection, doc, site }, targets)
}
