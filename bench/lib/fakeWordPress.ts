import type net from 'net'

import http from 'http'

/**
 * A small WordPress REST look-alike on 127.0.0.1, enough for two-way sync: `GET /wp-json/wp/v2/
 * {posts,pages}` with `modified_after` (strict, one-second resolution, as WordPress), `orderby=
 * modified`, `order`, `per_page` (at most 100), `page` (a page past the end is a 400, as in
 * WordPress), `X-WP-Total` / `X-WP-TotalPages`, raw fields for `context=edit`, and embedded terms.
 * It counts every request it answers. Changes come from `touch`, on a clock that moves one second
 * per change so that modification times are distinct and after the sync's cursor.
 */
export type FakeWordPress = {
  url: string
  /** Requests answered since the last `resetCount`. */
  requests: () => number
  resetCount: () => void
  /** Edits `count` items (spread over both types), as someone working in WordPress would. */
  touch: (count: number) => void
  close: () => Promise<void>
}

type Item = {
  id: number
  type: 'post' | 'page'
  title: string
  content: string
  modified: number
  slug: string
}

const gmt = (ms: number) => new Date(ms).toISOString().slice(0, 19)

export const startFakeWordPress = async ({
  posts,
  pages,
}: {
  posts: number
  pages: number
}): Promise<FakeWordPress> => {
  // The site grew over time: one item per second, ending a minute ago.
  let clock = Date.now() - (posts + pages) * 1000 - 60_000
  const items: Item[] = []
  const add = (type: Item['type'], n: number) => {
    const id = items.length + 1
    items.push({
      id,
      type,
      title: `${type} ${n}`,
      slug: `${type}-${n}`,
      content: `<p>Body of ${type} ${n}, written in WordPress.</p>`,
      modified: clock + id * 1000,
    })
  }
  for (let n = 1; n <= posts; n++) add('post', n)
  for (let n = 1; n <= pages; n++) add('page', n)
  clock += (items.length + 1) * 1000
  let requests = 0
  let edits = 0

  const render = (item: Item, url: string) => ({
    id: item.id,
    type: item.type,
    status: 'publish',
    slug: item.slug,
    link: `${url}/${item.slug}/`,
    author: 1,
    title: { raw: item.title, rendered: item.title },
    content: { raw: item.content, rendered: item.content },
    excerpt: { raw: '', rendered: '' },
    date_gmt: gmt(item.modified),
    modified_gmt: gmt(item.modified),
    featured_media: 0,
    ...(item.type === 'post' ? { categories: [1], tags: [] } : { parent: 0, menu_order: 0 }),
    _embedded:
      item.type === 'post'
        ? {
            'wp:term': [
              [{ id: 1, name: 'Uncategorized', slug: 'uncategorized', taxonomy: 'category' }],
              [],
            ],
          }
        : {},
  })

  const server = http.createServer((req, res) => {
    requests++
    const url = new URL(req.url ?? '/', 'http://fake')
    if (process.env.BENCH_SYNC_TRACE)
      process.stderr.write(`fake: ${req.method} ${url.pathname}?${url.searchParams}\n`)
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json; charset=UTF-8', ...headers })
      res.end(JSON.stringify(body))
    }
    const match = /^\/wp-json\/wp\/v2\/(posts|pages)$/.exec(url.pathname)
    if (req.method !== 'GET' || !match)
      return json(404, {
        code: 'rest_no_route',
        message: 'No route was found matching the URL and request method.',
      })
    const type = match[1] === 'posts' ? 'post' : 'page'
    const perPage = Number(url.searchParams.get('per_page') ?? 10)
    const page = Number(url.searchParams.get('page') ?? 1)
    if (!(perPage >= 1 && perPage <= 100))
      return json(400, { code: 'rest_invalid_param', message: 'Invalid parameter(s): per_page' })
    const after = url.searchParams.get('modified_after')
    const afterMs = after ? Math.floor(Date.parse(after) / 1000) * 1000 : null
    const desc = url.searchParams.get('order') === 'desc'
    const matching = items
      .filter((item) => item.type === type && (afterMs === null || item.modified > afterMs))
      .sort((a, b) => (a.modified - b.modified || a.id - b.id) * (desc ? -1 : 1))
    const totalPages = Math.ceil(matching.length / perPage)
    if (page > Math.max(1, totalPages))
      return json(400, {
        code: 'rest_post_invalid_page_number',
        message: 'The page number requested is larger than the number of pages available.',
      })
    const base = `http://${req.headers.host}`
    json(
      200,
      matching.slice((page - 1) * perPage, page * perPage).map((item) => render(item, base)),
      {
        'X-WP-Total': String(matching.length),
        'X-WP-TotalPages': String(totalPages),
      },
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    resetCount: () => {
      requests = 0
    },
    touch: (count) => {
      const start = edits * 7919
      for (let i = 0; i < count; i++) {
        // Spread over the whole set, posts and pages alike; `count` distinct items.
        const item = items[(start + i * 97) % items.length]!
        edits++
        clock += 1000
        item.title = `${item.title.replace(/ \(edit \d+\)$/, '')} (edit ${edits})`
        item.modified = clock
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
