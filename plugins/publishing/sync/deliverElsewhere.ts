import type { PayloadRequest } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { PublishableCollection } from '../types'

import { enqueueDeliveries } from '../queue'
import { planDeliveries } from '../rules/planDeliveries'

/**
 * A remote edit pulled into a published document goes on to the site's other destinations, as a
 * save would (same rules), but never back to the integration it came from. Runs inside the pull's
 * transaction, so the write and these deliveries commit together.
 */
export const deliverElsewhere = async (
  req: PayloadRequest,
  collection: PublishableCollection,
  doc: PublishableDoc,
  from: number,
): Promise<number> => {
  if (doc._status !== 'published') return 0
  const planned = await planDeliveries(req, collection, doc)
  if (!planned) return 0
  const targets = planned.plans
    .filter((plan) => plan.integration !== from && plan.trigger === 'onPublish')
    .map((plan) => ({
      integration: plan.integration,
      action: 'publish' as const,
      remoteStatus: plan.remoteStatus,
    }))
  return (await enqueueDeliveries({ req, collection, doc, site: planned.site }, targets)).length
}
