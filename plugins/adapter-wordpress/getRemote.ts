import type { PublishableCollection, RemoteItem } from '@plugins/publishing/exports/server'

import type { WordPressContext } from './client'

import { wordPressClient } from './client'
import { wordPressType } from './mapping'
import { EMBED, toRemoteItem } from './remoteItem'

/** One WordPress post or page as it is now (trashed ones too); null when it is deleted for good. */
export const getRemote = async (
  context: WordPressContext,
  { collection, remoteId }: { collection: PublishableCollection; remoteId: string },
): Promise<RemoteItem | null> => {
  const { route } = wordPressType(collection)
  const { status, body } = await wordPressClient(context).request(
    'GET',
    `/wp/v2/${route}/${remoteId}`,
    {
      what: `Reading WordPress ${route} ${remoteId}`,
      query: { context: 'edit', _embed: EMBED },
      capability: `edit_${route}`,
      allow: [404, 410],
    },
  )
  return status === 404 || status === 410 ? null : toRemoteItem(body, collection)
}
