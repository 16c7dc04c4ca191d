import type { DeliveryDocument, PublishResult } from '@plugins/publishing/exports/server'

import type { WordPressContext } from './client'

import { wordPressClient } from './client'
import {
  fromWordPressPost,
  sourceSearchTerm,
  wordPressType,
  type WordPressCollection,
  type WordPressPost,
} from './mapping'
import { toPublishResult } from './publish'
import { currentUser } from './testConnection'

/**
 * The copy of `document` this integration made earlier, so that a crash between the remote create
 * and saving its id never makes a second copy. A copy is recognised by the marker our content
 * carries (`<!-- syndicate:posts:12 -->`, see mapping.ts) and by its author being the
 * integration's user; any status but trash. Not by slug alone: WordPress gives a post whose slug is
 * taken another one (`-2`), and two of our documents may share a slug.
 */
export const findExisting = async (
  context: WordPressContext,
  document: DeliveryDocument,
): Promise<PublishResult | null> => {
  const client = wordPressClient(context)
  const me = await currentUser(client)
  const { route } = wordPressType(document.collection)
  const source = { collection: document.collection as WordPressCollection, id: document.id }
  const { body } = await client.request('GET', `/wp/v2/${route}`, {
    what: `Looking for an earlier WordPress copy of ${document.collection} ${document.id}`,
    // The search matches the marker inside the content; the exact match is checked below.
    query: {
      search: sourceSearchTerm(source),
      author: me.id,
      status: 'any',
      context: 'edit',
      per_page: 100,
      orderby: 'id',
      order: 'asc',
    },
  })
  const copies = (Array.isArray(body) ? body : [])
    .map(fromWordPressPost)
    .filter(
      (post): post is WordPressPost =>
        post?.source?.collection === source.collection &&
        post.source.id === source.id &&
        post.author === me.id,
    )
  if (copies.length > 1)
    context.logger.warn('several WordPress copies of one document; adopting the oldest', {
      ids: copies.map((c) => c.id),
    })
  return copies[0] ? toPublishResult(copies[0]) : null
}
