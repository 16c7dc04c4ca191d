import type { CollectionAfterDeleteHook } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { PublishableCollection } from '../types'

import { queueFanOut } from '../queue'
import { relatedId, relatedIds } from '../utilities/related'
import { SKIP_PUBLISHING } from '../utilities/skipPublishing'

/**
 * Deleting a document queues the removal of every remote copy. The document will be gone when
 * the job runs, so the job carries what the rules match on and what the removal reports.
 */
export const removeOnDelete: CollectionAfterDeleteHook = async ({
  collection,
  doc,
  req,
  context,
}) => {
  if (context[SKIP_PUBLISHING]) return doc
  const document = doc as PublishableDoc
  await queueFanOut(req, {
    collection: collection.slug as PublishableCollection,
    id: document.id,
    action: 'remove',
    snapshot: {
      site: relatedId(document.site),
      title: document.title ?? null,
      slug: document.slug ?? null,
      template: document.template ?? null,
      categories: relatedIds(document.categories),
      tags: relatedIds(document.tags),
    },
  })
  return doc
}
