import type { AdapterFetch, RemoteItem } from '@plugins/publishing/exports/server'

import type { WordPressContext } from './client'

import { listChanges, PER_PAGE } from './listChanges'
import { wrapContent } from './mapping'

const post = (id: number, modified: string, status = 'publish') => ({
  id,
  type: 'post',
  status,
  slug: `post-${id}`,
  title: { raw: `Post ${id}` },
  content: { raw: wrapContent(`<p>${id}</p>`, { collection: 'posts', id: id + 100 }) },
  modified_gmt: modified,
})

/** A WordPress answering from `posts` as it would: filtered by modified_after, ordered, paged. */
const fakeWordPress =
  (posts: ReturnType<typeof post>[], asked: URL[]): AdapterFetch =>
  async (url) => {
    const request = new URL(String(url))
    asked.push(request)
    const after = request.searchParams.get('modified_after')
    const matching = posts
      .filter((p) => !after || Date.parse(`${p.modified_gmt}Z`) > Date.parse(after))
      .sort((a, b) => a.modified_gmt.localeCompare(b.modified_gmt) || a.id - b.id)
    const perPage = Number(request.searchParams.get('per_page'))
    const page = Number(request.searchParams.get('page'))
    const pages = Math.max(1, Math.ceil(matching.length / perPage))
    return new Response(JSON.stringify(matching.slice((page - 1) * perPage, page * perPage)), {
      status: 200,
      headers: {
        'Content-Type': 'application/json',
        'X-WP-Total': String(matching.length),
        'X-WP-TotalPages': String(pages),
      },
    })
  }

const context = (fetch: AdapterFetch): WordPressContext => ({
  config: { siteUrl: 'https://blog.example.com' },
  credentials: { username: 'editor', applicationPassword: 'x' },
  integration: { id: 1, name: 'wp', site: 1 },
  fetch,
  logger: { info: () => undefined, warn: () => undefined },
})

const all = async (batches: AsyncIterable<RemoteItem[]>): Promise<RemoteItem[][]> => {
  const out: RemoteItem[][] = []
  for await (const batch of batches) out.push(batch)
  return out
}

const at = (second: number) =>
  new Date(Date.UTC(2026, 0, 1, 10, 0, second)).toISOString().slice(0, 19)

describe('listChanges', () => {
  it('asks from one second before the cursor, with terms, image and trash, oldest change first', async () => {
    const asked: URL[] = []
    const posts = [post(1, at(1)), post(2, at(3), 'trash'), post(3, at(2))]
    const batches = await all(
      listChanges(context(fakeWordPress(posts, asked)), {
        since: '2026-01-01T10:00:01.000Z',
        collection: 'posts',
      }),
    )
    expect(batches.flat().map((item) => [item.remoteId, item.modifiedAt, item.removed])).toEqual([
      ['1', '2026-01-01T10:00:01Z', null],
      ['3', '2026-01-01T10:00:02Z', null],
      ['2', '2026-01-01T10:00:03Z', 'trashed'],
    ])
    expect(batches[0]![0]).toMatchObject({
      title: 'Post 1',
      html: '<p>1</p>',
      source: { collection: 'posts', id: 101 },
      collection: 'posts',
    })
    expect(asked).toHaveLength(1)
    expect(Object.fromEntries(asked[0]!.searchParams)).toEqual({
      modified_after: '2026-01-01T10:00:00Z',
      orderby: 'modified',
      order: 'asc',
      per_page: String(PER_PAGE),
      page: '1',
      status: 'any,trash',
      context: 'edit',
      _embed: 'wp:term,wp:featuredmedia',
    })
    expect(asked[0]!.pathname).toBe('/wp-json/wp/v2/posts')
  })

  it('asks once when nothing changed, and from the beginning on a first sync', async () => {
    const asked: URL[] = []
    expect(
      await all(
        listChanges(context(fakeWordPress([], asked)), {
          since: new Date().toISOString(),
          collection: 'pages',
        }),
      ),
    ).toEqual([])
    expect(asked).toHaveLength(1)
    expect(
      await all(
        listChanges(context(fakeWordPress([], asked)), { since: null, collection: 'pages' }),
      ),
    ).toEqual([])
    expect(asked[1]!.searchParams.has('modified_after')).toBe(false)
  })

  it('pages by key, so a post edited while paging cannot push another out unseen', async () => {
    const asked: URL[] = []
    // One post per second: each page ends on a new second.
    const posts = Array.from({ length: 250 }, (_, i) =>
      post(i + 1, new Date(Date.UTC(2026, 0, 1, 10, 0, 0) + i * 1000).toISOString().slice(0, 19)),
    )
    const fetch = fakeWordPress(posts, asked)
    const seen = new Set<string>()
    let first = true
    for await (const batch of listChanges(context(fetch), { since: null, collection: 'posts' })) {
      for (const item of batch) seen.add(item.remoteId)
      if (first) {
        // Post 5, already listed, is edited: it moves to the end of the order.
        posts[4]!.modified_gmt = '2026-01-01T12:00:00'
        first = false
      }
    }
    expect(seen.size).toBe(250)
    // Three pages of 100 and one re-read of the boundary second each time; requests grow with k / page size.
    expect(asked.length).toBeLessThanOrEqual(4)
  })

  it('moves by page number when a whole page shares one second (a bulk import)', async () => {
    const asked: URL[] = []
    const posts = Array.from({ length: 230 }, (_, i) => post(i + 1, at(5)))
    const items = (
      await all(
        listChanges(context(fakeWordPress(posts, asked)), { since: null, collection: 'posts' }),
      )
    ).flat()
    expect(new Set(items.map((item) => item.remoteId)).size).toBe(230)
    expect(asked.length).toBeLessThanOrEqual(5)
  })
})
