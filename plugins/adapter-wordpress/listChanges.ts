import type { ListChangesInput, RemoteItem } from '@plugins/publishing/exports/server'

import type { WordPressContext } from './client'

import { wordPressClient } from './client'
import { wordPressType } from './mapping'
import { EMBED, toRemoteItem } from './remoteItem'

/** WordPress's largest page. */
export const PER_PAGE = 100

/** `modified_after` one second before `since`, with an explicit Z (without, WordPress reads site-local time). */
export const modifiedAfter = (since: Date): string =>
  new Date(since.getTime() - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

/**
 * The posts or pages modified in WordPress since `since` (trashed ones included), oldest change
 * first, one batch per request, with raw content, terms and featured image (`_embed`).
 *
 * Paging is by key, not by page number: each request asks again from the newest modification time
 * seen so far, so a post edited while we page (it jumps to the end of the order) can never push
 * another one out of the window unseen. WordPress compares `modified_after` strictly at one-second
 * resolution, so the window starts a second early; items seen again are recognised by the
 * platform. Only when a whole page shares one second (a bulk import) does it move by page number.
 */
export async function* listChanges(
  context: WordPressContext,
  { collection, since }: ListChangesInput,
): AsyncGenerator<RemoteItem[]> {
  const client = wordPressClient(context)
  const { route } = wordPressType(collection)
  let from = since ? new Date(since) : null
  let page = 1
  for (;;) {
    const { headers, body } = await client.request('GET', `/wp/v2/${route}`, {
      what: `Listing WordPress ${route} changed since ${from?.toISOString() ?? 'the beginning'}`,
      query: {
        ...(from ? { modified_after: modifiedAfter(from) } : {}),
        orderby: 'modified',
        order: 'asc',
        per_page: PER_PAGE,
        page,
        status: 'any,trash',
        context: 'edit',
        _embed: EMBED,
      },
    })
    const list = Array.isArray(body) ? body : []
    const items = list
      .map((raw) => toRemoteItem(raw, collection))
      .filter((item): item is RemoteItem => item !== null)
    if (items.length) yield items
    const pages = Number(headers.get('x-wp-totalpages'))
    if (list.length < PER_PAGE || (Number.isFinite(pages) && page >= pages)) return
    const newest = new Date(items[items.length - 1]!.modifiedAt)
    if (from && Math.floor(newest.getTime() / 1000) <= Math.floor(from.getTime() / 1000)) {
      page++
    } else {
      from = newest
      page = 1
    }
  }
}
