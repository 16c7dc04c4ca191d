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
 * With `only` (an editor's "Unpublish from…"), just the copies at those integrations, and there
 * an explicit request wins over a rule's `keep`: the copy is taken down. Resolves to how many
 * records it changed.
 */
export const removeCopies = async (
  req: PayloadRequest,
  collection: PublishableCollection,
  doc: PublishableDoc,
  { only }: { only?: readonly number[] } = {},
): Promise<number> => {
  const records = (await liveRecordsOfDocument(req, collection, doc.id)).filter(
    (record) => !only || only.includes(record.integration),
  )
  if (!records.length) return 0
  const planned = await planDeliveries(req, collection, doc)
  const removals = new Map<number, DeliveryTarget[]>() // by site: a record keeps the site it was made for
  for (const record of records) {
    const integration = record.integration
    const ruled =
      planned?.plans.find((p) => p.integration === integration)?.unpublishAction ?? 'unpublish'
    const action = only && ruled === 'keep' ? 'unpublish' : ruled
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
  return records.length
}
