/** `npm run seed` builds a believable demo and running it again changes nothing. */
import type { CollectionSlug } from 'payload'

import { seed } from '@/seed'

import { startTestApp, type TestApp } from '../helpers/app'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

const COLLECTIONS = [
  'users',
  'sites',
  'pages',
  'posts',
  'media',
  'categories',
  'tags',
] as const satisfies CollectionSlug[]
const credentials = { adminEmail: 'admin@example.com', adminPassword: 'seed-password' }

const snapshot = async () =>
  Object.fromEntries(
    await Promise.all(
      COLLECTIONS.map(async (collection) => {
        const { docs } = await app.payload.find({ collection, limit: 0, depth: 0, sort: 'id' })
        return [collection, docs.map((d) => `${d.id}@${String(d.updatedAt)}`)] as const
      }),
    ),
  )

it('creates an admin and two sites with ordered pages, posts, taxonomies and images', async () => {
  const first = await seed(app.payload, credentials)
  expect(first.admin.password).toBe('seed-password')

  const { docs: sites } = await app.payload.find({ collection: 'sites', sort: 'name' })
  expect(sites.map((s) => [s.name, s.siteType])).toEqual([
    ['Acme Corporation', 'corporate'],
    ['Northwind Journal', 'blog'],
  ])
  const acme = sites[0]
  const { docs: pages } = await app.payload.find({
    collection: 'pages',
    where: { site: { equals: acme.id } },
    sort: '_order',
    depth: 1,
  })
  expect(pages.map((p) => [p.slug, p.template])).toEqual([
    ['home', 'landing'],
    ['services', 'full-width'],
    ['consulting', 'sidebar'],
    ['about', 'default'],
    ['contact', 'contact'],
  ])
  const consulting = pages.find((p) => p.slug === 'consulting')!
  expect(typeof consulting.parent === 'object' && consulting.parent?.slug).toBe('services')

  const { docs: posts } = await app.payload.find({
    collection: 'posts',
    where: { site: { equals: acme.id } },
    depth: 1,
  })
  expect(posts).toHaveLength(2)
  for (const post of posts) {
    expect(post.categories?.length).toBeGreaterThan(0)
    expect(post.tags?.length).toBeGreaterThan(0)
    expect(typeof post.featuredImage === 'object' && post.featuredImage?.mimeType).toBe('image/png')
    expect(post._status).toBe('published')
  }
  expect(typeof acme.settings?.logo === 'object' && acme.settings.logo?.alt).toBe(
    'Acme Corporation',
  )

  const login = await app.payload.login({
    collection: 'users',
    data: { email: 'admin@example.com', password: 'seed-password' },
  })
  expect(login.user?.roles).toEqual(['admin'])
})

it('changes nothing when run a second time', async () => {
  const before = await snapshot()
  const second = await seed(app.payload, { ...credentials, adminPassword: 'another-password' })
  expect(second.created).toBe(0)
  expect(second.admin.password).toBeNull()
  expect(await snapshot()).toEqual(before)
})
