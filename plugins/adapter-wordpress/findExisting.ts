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
 * integration's user; any status but trash. Failing that, an unmarked copy of the integration's
 * user with the same slug (`adoptBySlug`); never a copy marked as another document's, since two
 * of our documents may share a slug and WordPress gives a taken slug a `-2`.
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
  if (copies[0]) return toPublishResult(copies[0])
  return adoptBySlug(client, me.id, route, document)
}

/**
 * A copy made before Syndicate delivered here (a site moved over by hand, an import): the
 * integration's user's post with exactly the document's slug that carries no marker of ours, so
 * that "publish everything" updates it instead of making a second one (WordPress would give that
 * one the slug `-2`). A copy marked as another document's is never taken.
 */
const adoptBySlug = async (
  client: ReturnType<typeof wordPressClient>,
  author: number,
  route: string,
  document: DeliveryDocument,
): Promise<PublishResult | null> => {
  if (!document.slug) return null
  const { body } = await client.request('GET', `/wp/v2/${route}`, {
    what: `Looking for a WordPress ${route} with the slug of ${document.collection} ${document.id}`,
    query: {
      slug: document.slug,
      author,
      status: 'any',
      context: 'edit',
      per_page: 10,
      orderby: 'id',
      order: 'asc',
    },
  })
  const unmarked = (Array.isArray(body) ? body : [])
    .map(fromWordPressPost)
    .find(
      (post): post is WordPressPost =>
        post !== null &&
        post.source === null &&
        post.author === author &&
        post.slug === document.slug,
    )
  return unmarked ? toPublishResult(unmarked) : null
}
