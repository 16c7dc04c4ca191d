import type { CollectionAfterChangeHook } from 'payload'

import { enqueueDelivery } from '../delivery/enqueueDelivery'
import { planDeliveries, type PublishableDoc } from '../delivery/planDeliveries'
import { removeCopies } from '../delivery/removeCopies'

/** Set on `req.context` by writes that must not be delivered (two-way sync applying remote edits). */
export const SKIP_PUBLISHING = 'skipPublishing'

/**
 * Publishing a document (or saving a published one) queues a delivery to each destination its
 * rules choose; unpublishing it queues the rules' unpublish action for each copy. Everything is
 * written in the save's transaction and no destination is contacted here: the save never waits.
 */
export const deliverOnChange: CollectionAfterChangeHook = async ({ collection, doc, req, context }) => {
  if (context[SKIP_PUBLISHING]) return doc
  const slug = collection.slug as 'pages' | 'posts'
  const document = doc as PublishableDoc
  if (document._status === 'published') {
    const planned = await planDeliveries(req, slug, document)
    for (const plan of planned?.plans ?? []) {
      if (plan.trigger !== 'onPublish') continue
      await enqueueDelivery({
        req,
        collection: slug,
        doc: document,
        site: planned!.site,
        integration: plan.integration,
        action: 'publish',
        remoteStatus: plan.remoteStatus,
      })
    }
    return doc
  }
  // A draft save leaves the published version in place; only a real unpublish removes copies.
  const current = await req.payload.db.findOne<{ id: number; _status?: string }>({
    collection: slug,
    where: { id: { equals: document.id } },
    req,
  })
  if (current?._status !== 'published') await removeCopies(req, slug, document)
  return doc
}
