import type { RemoteItem } from '@plugins/publishing/exports/server'

import type { WordPressContext } from './client'

import { wordPressClient } from './client'
import { EMBED, toRemoteItem } from './remoteItem'

/** One WordPress post or page as it is now (trashed ones too); null when it is deleted for good. */
export const getRemote = async (
  context: WordPressContext,
  { collection, remoteId }: { collection: 'pages' | 'posts'; remoteId: string },
): Promise<RemoteItem | null> => {
  const { status, body } = await wordPressClient(context).request('GET', `/wp/v2/${collection}/${remoteId}`, {
    what: `Reading WordPress ${collection} ${remoteId}`,
    query: { context: 'edit', _embed: EMBED },
    capability: `edit_${collection}`,
    allow: [404, 410],
  })
  return status === 404 || status === 410 ? null : toRemoteItem(body, collection)
}
