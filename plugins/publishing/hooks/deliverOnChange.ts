import type { CollectionAfterChangeHook } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { PublishableCollection } from '../types'

import { queueFanOut } from '../queue'
import { SKIP_PUBLISHING } from '../utilities/skipPublishing'

/**
 * Publishing a document (or saving a published one) queues its deliveries; unpublishing it queues
 * the removal of its copies. Only one job is written here, in the save's transaction, and no
 * destination is contacted: the save never waits, whatever the number of destinations.
 */
export const deliverOnChange: CollectionAfterChangeHook = async ({
  collection,
  doc,
  req,
  context,
}) => {
  if (context[SKIP_PUBLISHING]) return doc
  const slug = collection.slug as PublishableCollection
  const document = doc as PublishableDoc
  if (document._status === 'published') {
    await queueFanOut(req, { collection: slug, id: document.id, action: 'publish' })
    return doc
  }
  // A draft save leaves the published version in place; only a real unpublish removes copies.
  const current = await req.payload.db.findOne<{ id: number; _status?: string }>({
    collection: slug,
    where: { id: { equals: document.id } },
    req,
  })
  if (current?._status !== 'published') {
    await queueFanOut(req, { collection: slug, id: document.id, action: 'remove' })
  }
  return doc
}
