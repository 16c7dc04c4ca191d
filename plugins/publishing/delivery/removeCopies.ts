import type { PayloadRequest } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { DeliveryTarget } from '../records'
import type { PublishableCollection } from '../types'

import { enqueueDeliveries } from '../queue'
import { liveRecordsOfDocument, updateRecord } from '../records'
import { planDeliveries } from '../rules/planDeliveries'

/**
 * Queues the rule's unpublish action for every remote copy of a document that is no longer
 * published (unpublished or deleted). `keep` leaves the copy and marks the record unpublished.
 */
export const removeCopies = async (
  req: PayloadRequest,
  collection: PublishableCollection,
  doc: PublishableDoc,
): Promise<void> => {
  const records = await liveRecordsOfDocument(req, collection, doc.id)
  if (!records.length) return
  const planned = await planDeliveries(req, collection, doc)
  const removals = new Map<number, DeliveryTarget[]>() // by site: a record keeps the site it was made for
  for (const record of records) {
    const integration = record.integration
    const action =
      planned?.plans.find((p) => p.integration === integration)?.unpublishAction ?? 'unpublish'
    if (action === 'keep') {
      await updateRecord(req, record.id, {
        status: 'unpublished',
        lastError: null,
        pending: { action: 'unpublish' },
      })
      continue
    }
    const site = record.site
    removals.set(site, [
      ...(removals.get(site) ?? []),
      { integration, action, remoteStatus: 'publish' },
    ])
  }
  for (const [site, targets] of removals)
    await enqueueDeliveries({ req, collection, doc, site }, targets)
}
