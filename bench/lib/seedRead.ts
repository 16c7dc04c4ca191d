/**
 * Seeds one app of `npm run bench:read` identically: a site, a category, a tag, an image, an
 * admin, 1,000 published posts and 200 published pages. `node scripts/run.mjs bench/lib/seedRead.ts
 * syndicate|bare`, with DATABASE_URI pointing at that app's database. Prints the ids it made as JSON.
 */
import type { SanitizedConfig } from 'payload'

import { getPayload } from 'payload'
import sharp from 'sharp'

import { paragraph } from '@/utilities/richText'

import { releasePool } from '../../scripts/lib/releasePool'

const POSTS = 1000
const PAGES = 200
const TEXT =
  'Headless consumers read published content far more often than editors write it. '.repeat(6)

const which = process.argv[2]
const config: Promise<SanitizedConfig> =
  which === 'bare'
    ? (await import('../bare/payload.config')).default
    : (await import('@payload-config')).default
const payload = await getPayload({ config })
// The two configs type their collections differently; the bench writes the same data into both.
const create = (collection: string, data: Record<string, unknown>, extra = {}) =>
  payload.create({ collection: collection as 'posts', data: data as never, ...extra })

const site = (await create('sites', { name: 'Bench', slug: 'bench' })).id
const category = (await create('categories', { name: 'News', slug: 'news', site })).id
const tag = (await create('tags', { name: 'Notes', slug: 'notes', site })).id
const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#36f' } })
  .png()
  .toBuffer()
const media = (
  await create(
    'media',
    { alt: 'A blue rectangle', site },
    { file: { data: image, mimetype: 'image/png', name: 'bench.png', size: image.length } },
  )
).id
await create('users', {
  email: 'bench-admin@example.com',
  password: 'bench-admin-password',
  roles: ['admin'],
})
const start = Date.parse('2026-01-01T00:00:00Z')
let newest = { id: 0, slug: '' }
for (let i = 0; i < POSTS; i++) {
  const slug = `post-${i}`
  const post = await create('posts', {
    title: `Post ${i}`,
    slug,
    site,
    _status: 'published',
    excerpt: `The excerpt of post ${i}.`,
    content: paragraph(`${TEXT} (${i})`),
    featuredImage: media,
    categories: [category],
    tags: [tag],
    publishedAt: new Date(start + i * 60_000).toISOString(),
  })
  newest = { id: Number(post.id), slug }
}
let page = 0
for (let i = 0; i < PAGES; i++)
  page = Number(
    (
      await create('pages', {
        title: `Page ${i}`,
        slug: `page-${i}`,
        site,
        _status: 'published',
        content: paragraph(`${TEXT} (page ${i})`),
      })
    ).id,
  )
process.stdout.write(`SEEDED ${JSON.stringify({ site, newest, page })}\n`)
releasePool(payload)
process.exit(0)
