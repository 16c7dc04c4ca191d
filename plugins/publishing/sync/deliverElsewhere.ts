import type { PayloadRequest } from 'payload'

import type { PublishableDoc } from '../delivery/planDeliveries'

import { enqueueDelivery } from '../delivery/enqueueDelivery'
import { planDeliveries } from '../delivery/planDeliveries'

/**
 * A remote edit pulled into a published document goes on to the site's other destinations, as a
 * save would (same rules), but never back to the integration it came from. Runs inside the pull's
 * transaction, so the write and these deliveries commit together.
 */
export const deliverElsewhere = async (req: PayloadRequest, collection: 'pages' | 'posts', doc: PublishableDoc, from: number): Promise<number> => {
  if (doc._status !== 'published') return 0
  const planned = await planDeliveries(req, collection, doc)
  let queued = 0
  for (const plan of planned?.plans ?? []) {
    if (plan.integration === from || plan.trigger !== 'onPublish') continue
    await enqueueDelivery({ req, collection, doc, site: planned!.site, integration: plan.integration, action: 'publish', remoteStatus: plan.remoteStatus })
    queued++
  }
  return queued
}
