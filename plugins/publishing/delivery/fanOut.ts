import type { PayloadRequest } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { FanOutInput } from '../queue'

import { enqueueDeliveries } from '../queue'
import { planDeliveries } from '../rules/planDeliveries'
import { inTransaction } from '../utilities/inTransaction'
import { removeCopies } from './removeCopies'

export type { DocumentSnapshot, FanOutInput } from '../queue'

/**
 * Turns one save into deliveries: resolves the destinations from the site's rules and queues a
 * delivery per destination (publish), or the rules' unpublish action per copy (remove). All of it
 * in one transaction, so a crash leaves either nothing or everything queued (and the fan-out job
 * runs again). It reads the document as it is now: a later save has its own fan-out, and the
 * deliveries' revisions make sure only the newest content goes out.
 */
export const fanOut = async (req: PayloadRequest, input: FanOutInput): Promise<string> => {
  const { payload } = req
  const current = (await payload.findByID({
    collection: input.collection,
    id: input.id,
    depth: 0,
    overrideAccess: true,
    disableErrors: true,
    req,
  })) as PublishableDoc | null
  return inTransaction(req, async () => {
    if (input.action === 'publish') {
      if (current?._status !== 'published') return 'no longer published'
      const planned = await planDeliveries(req, input.collection, current)
      if (!planned) return 'no site'
      const targets = planned.plans
        .filter((plan) => plan.trigger === 'onPublish')
        .map((plan) => ({
          integration: plan.integration,
          action: 'publish' as const,
          remoteStatus: plan.remoteStatus,
        }))
      const queued = (
        await enqueueDeliveries(
          { req, collection: input.collection, doc: current, site: planned.site },
          targets,
        )
      ).length
      return `queued ${queued}`
    }
    if (current?._status === 'published') return 'published again'
    const doc: PublishableDoc = current ?? { id: input.id, ...input.snapshot }
    await removeCopies(req, input.collection, doc)
    return 'removal queued'
  })
}
