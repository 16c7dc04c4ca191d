import { createHash } from 'crypto'

import type { RemoteItem } from '../types'

/**
 * Hash of a remote item's content: what a sync would write into the local document, and its state.
 * Left out: `modifiedAt` and `url` (they change without the content changing) and `source`. A parent counts (moving a page is an edit).
 * Term names are compared as a set. The same item always hashes the same, whether it comes from a
 * listing, a single read or the answer to our own update, so our own writes never look like edits.
 */
export const remoteHash = (item: RemoteItem): string => {
  const content = {
    title: item.title,
    slug: item.slug,
    html: item.html,
    excerpt: item.excerpt ?? '',
    status: item.status,
    categories: [...item.categories].sort(),
    tags: [...item.tags].sort(),
    featuredImage: item.featuredImage?.url ?? null,
    removed: item.removed,
    // Only when there is one, so the hashes of items without a parent stay what they were.
    ...(item.parentRemoteId ? { parent: item.parentRemoteId } : {}),
    // A rescheduled remote item changed; items not scheduled keep the hashes they had.
    ...(item.scheduledFor ? { scheduledFor: item.scheduledFor } : {}),
  }
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}
