import type { AdapterFetch } from '@plugins/publishing/types'

import type { WordPressContext } from './client'

import { listChanges } from './listChanges'
import { wrapContent } from './mapping'

const post = (id: number, modified: string) => ({
  id,
  type: 'post',
  status: 'publish',
  slug: `post-${id}`,
  title: { raw: `Post ${id}` },
  content: { raw: wrapContent(`<p>${id}</p>`, { collection: 'posts', id: id + 100 }) },
  modified_gmt: modified,
})

/** WordPress's answers by page; what was asked is kept in `asked`. */
const fakeFetch = (pages: unknown[][], asked: URL[]): AdapterFetch => async (url) => {
  const request = new URL(String(url))
  asked.push(request)
  const page = Number(request.searchParams.get('page'))
  return new Response(JSON.stringify(pages[page - 1] ?? []), {
    status: 200,
    headers: { 'Content-Type': 'application/json', 'X-WP-Total': '4', 'X-WP-TotalPages': String(pages.length) },
  })
}

const context = (fetch: AdapterFetch): WordPressContext => ({
  config: { siteUrl: 'https://blog.example.com' },
  credentials: { username: 'editor', applicationPassword: 'x' },
  integration: { id: 1, name: 'wp', site: 1 },
  fetch,
  logger: { info: () => undefined, warn: () => undefined },
})

describe('listChanges', () => {
  it('pages through X-WP-TotalPages, oldest change first, each post once at its newest', async () => {
    const asked: URL[] = []
    const pages = [
      [post(1, '2026-01-01T10:00:00'), post(2, '2026-01-01T10:00:01')],
      // Post 2 was edited again while we paged: it comes back later, and counts once, there.
      [post(3, '2026-01-01T10:00:02'), post(2, '2026-01-01T10:00:03')],
    ]
    const changes = await listChanges(context(fakeFetch(pages, asked)), { since: new Date('2026-01-01T09:59:59.500Z'), collection: 'posts' })
    expect(changes.map((change) => [change.id, change.modifiedAt])).toEqual([
      [1, '2026-01-01T10:00:00Z'],
      [3, '2026-01-01T10:00:02Z'],
      [2, '2026-01-01T10:00:03Z'],
    ])
    expect(changes[0]).toMatchObject({ title: 'Post 1', html: '<p>1</p>', source: { collection: 'posts', id: 101 } })
    expect(asked.map((url) => Object.fromEntries(url.searchParams))).toEqual(
      [1, 2].map((page) => ({
        modified_after: '2026-01-01T09:59:58Z',
        orderby: 'modified',
        order: 'asc',
        per_page: '100',
        page: String(page),
        status: 'any',
        context: 'edit',
      })),
    )
    expect(asked.every((url) => url.pathname === '/wp-json/wp/v2/posts')).toBe(true)
  })

  it('asks once when nothing changed', async () => {
    const asked: URL[] = []
    expect(await listChanges(context(fakeFetch([], asked)), { since: new Date(), collection: 'pages' })).toEqual([])
    expect(asked).toHaveLength(1)
    expect(asked[0]!.pathname).toBe('/wp-json/wp/v2/pages')
  })
})
