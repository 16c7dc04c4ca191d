import type { CollectionAfterDeleteHook } from 'payload'

import type { PublishableDoc } from '../delivery/planDeliveries'

import { removeCopies } from '../delivery/removeCopies'
import { SKIP_PUBLISHING } from './deliverOnChange'

/** Deleting a document queues its rules' unpublish action for every remote copy. */
export const removeOnDelete: CollectionAfterDeleteHook = async ({ collection, doc, req, context }) => {
  if (context[SKIP_PUBLISHING]) return doc
  await removeCopies(req, collection.slug as 'pages' | 'posts', doc as PublishableDoc)
  return doc
}
