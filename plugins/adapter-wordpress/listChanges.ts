import type { WordPressContext } from './client'

import { wordPressClient } from './client'
import { fromWordPressPost, type WordPressPost } from './mapping'

export type ListChangesOptions = {
  /** The last modification already seen. */
  since: Date
  collection: 'pages' | 'posts'
}

const PER_PAGE = 100

/** `modified_after` one second before `since`, with an explicit Z (without, WordPress reads site-local time). */
export const modifiedAfter = (since: Date): string => new Date(since.getTime() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * Posts or pages modified in WordPress since `since` (any status but trash), oldest change first,
 * with raw content, for two-way sync. WordPress compares `modified_after` strictly at one-second
 * resolution, so the window starts a second early and the result is de-duplicated by id (a post
 * edited while we page through can show up twice).
 */
export const listChanges = async (context: WordPressContext, { since, collection }: ListChangesOptions): Promise<WordPressPost[]> => {
  const client = wordPressClient(context)
  const changes = new Map<number, WordPressPost>()
  let pages = 1
  for (let page = 1; page <= pages; page++) {
    const { headers, body } = await client.request('GET', `/wp/v2/${collection}`, {
      what: `Listing WordPress ${collection} changed since ${since.toISOString()}`,
      query: { modified_after: modifiedAfter(since), orderby: 'modified', order: 'asc', per_page: PER_PAGE, page, status: 'any', context: 'edit' },
    })
    const total = Number(headers.get('x-wp-totalpages'))
    pages = Number.isFinite(total) ? total : 1
    for (const item of Array.isArray(body) ? body : []) {
      const post = fromWordPressPost(item)
      if (!post) continue
      // Seen again on a later page: it changed while we paged, so it belongs at its new place.
      changes.delete(post.id)
      changes.set(post.id, post)
    }
  }
  return [...changes.values()]
}
