/**
 * The hosted site (issue 13): a post published through the runner is rendered into the site's
 * current release with the blog index, feed and sitemap; an update writes a new release; an
 * unpublish removes its page; a rollback brings the previous release back byte for byte.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type { TestApp } from '../helpers/app'

import { storeFor } from '../../plugins/adapter-sites'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startSitesWorld } from '../helpers/sitesWorld'

let app: TestApp
let world: World
let stop: () => Promise<void>

beforeAll(async () => {
  ;({ app, world, stop } = await startSitesWorld('sites-int-'))
}, 120_000)

afterAll(async () => {
  await stop?.()
})

const store = () => storeFor({})

const read = async (site: string, file: string): Promise<string | null> => {
  const dir = await store().currentDir(site)
  if (!dir) return null
  return readFile(path.join(dir, file), 'utf8').catch(() => null)
}

test('publish, update, unpublish and roll back a post on a hosted site', async () => {
  const { payload } = app
  const site = await payload.findByID({ collection: 'sites', id: world.siteA })
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: { name: 'Hosted', site: world.siteA, platform: 'sites', config: {} },
  })
  expect(res.status).toBe(201)
  await payload.create({
    collection: 'publishing-rules',
    data: { site: world.siteA, name: 'Hosted everything', destinations: [res.body.doc.id] },
  })

  const post = await payload.create({
    collection: 'posts',
    data: {
      title: 'Hello hosted world',
      slug: 'hello-hosted',
      site: world.siteA,
      _status: 'published',
      content: lexicalParagraph('First body'),
    },
  })
  await drainDeliveries(payload)
  const key = site.slug as string
  expect(await read(key, 'blog/hello-hosted/index.html')).toContain('First body')
  expect(await read(key, 'blog/index.html')).toContain('Hello hosted world')
  expect(await read(key, 'feed.xml')).toContain('Hello hosted world')
  expect(await read(key, 'sitemap.xml')).toContain('blog/hello-hosted/')
  const first = await store().current(key)
  const firstPage = await read(key, 'blog/hello-hosted/index.html')

  await payload.update({
    collection: 'posts',
    id: post.id,
    data: { content: lexicalParagraph('Second body'), _status: 'published' },
  })
  await drainDeliveries(payload)
  expect(await store().current(key)).not.toBe(first)
  expect(await read(key, 'blog/hello-hosted/index.html')).toContain('Second body')

  const integration = res.body.doc.id
  const unknown = await app.api.post(`/integrations/${integration}/rollback`, {
    auth: world.actors.editorA,
    body: { release: 'no-such-release' },
  })
  expect(unknown.status).toBe(400)
  expect(unknown.body.errors[0].message).toContain('no release')
  const others = await app.api.post(`/integrations/${integration}/rollback`, {
    auth: world.actors.editorB,
    body: {},
  })
  expect(others.status).toBe(403)
  const rolled = await app.api.post(`/integrations/${integration}/rollback`, {
    auth: world.actors.editorA,
    body: { release: first },
  })
  expect(rolled.status).toBe(200)
  expect(await store().current(key)).toBe(first)
  expect(await read(key, 'blog/hello-hosted/index.html')).toBe(firstPage)

  await payload.update({ collection: 'posts', id: post.id, data: { _status: 'draft' } })
  await drainDeliveries(payload)
  expect(await read(key, 'blog/hello-hosted/index.html')).toBeNull()
  expect(await read(key, 'sitemap.xml')).not.toContain('blog/hello-hosted/')
}, 120_000)

/** Paths whose content differs between two releases' manifests (added, changed or removed). */
const changedBetween = async (site: string, from: string, to: string): Promise<string[]> => {
  const [a, b] = [await store().manifest(site, from), await store().manifest(site, to)]
  const paths = new Set([...Object.keys(a.files), ...Object.keys(b.files)])
  return [...paths].filter((file) => a.files[file] !== b.files[file]).sort()
}

test('one post published on a site of 12 rewrites only what shows it; settings and rollback render it whole', async () => {
  const { payload } = app
  const siteId = world.siteB
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: { name: 'Hosted B', site: siteId, platform: 'sites', config: {} },
  })
  expect(res.status).toBe(201)
  await payload.create({
    collection: 'publishing-rules',
    data: { site: siteId, name: 'Hosted B everything', destinations: [res.body.doc.id] },
  })
  const news = await payload.create({
    collection: 'categories',
    data: { name: 'News', site: siteId },
  })
  const other = await payload.create({
    collection: 'categories',
    data: { name: 'Other', site: siteId },
  })
  await payload.create({
    collection: 'pages',
    data: {
      title: 'Welcome',
      slug: 'home',
      site: siteId,
      template: 'landing',
      _status: 'published',
      content: lexicalParagraph('Our home'),
    },
  })
  await payload.create({
    collection: 'pages',
    data: { title: 'About', slug: 'about', site: siteId, _status: 'published' },
  })
  const day = (n: number) => new Date(Date.UTC(2026, 0, n, 12)).toISOString()
  for (let n = 1; n <= 12; n++) {
    await payload.create({
      collection: 'posts',
      data: {
        title: `Post ${n}`,
        slug: `post-${n}`,
        site: siteId,
        _status: 'published',
        publishedAt: day(n),
        categories: [n % 2 ? news.id : other.id],
        content: lexicalParagraph(`Body ${n}`),
      },
    })
  }
  await drainDeliveries(payload)
  const key = (await payload.findByID({ collection: 'sites', id: siteId })).slug as string
  const before = (await store().current(key))!
  expect(await read(key, 'blog/post-12/index.html')).toContain('Body 12')

  // A new newest post in "News": the post, the blog's front page (listing pages hold fixed
  // buckets counted from the oldest post, so none of them changes), the News archive, the previous
  // newest post (its "newer" link), home (latest posts), feed, sitemap.
  await payload.create({
    collection: 'posts',
    data: {
      title: 'Post 13',
      slug: 'post-13',
      site: siteId,
      _status: 'published',
      publishedAt: day(13),
      categories: [news.id],
      content: lexicalParagraph('Body 13'),
    },
  })
  await drainDeliveries(payload)
  const after = (await store().current(key))!
  expect((await store().manifest(key, after)).base).toBe(before)
  expect(await changedBetween(key, before, after)).toEqual([
    'blog/category/news/index.html',
    'blog/index.html',
    'blog/post-12/index.html',
    'blog/post-13/index.html',
    'feed.xml',
    'index.html',
    'sitemap.xml',
  ])
  expect(await read(key, 'blog/post-13/index.html')).toContain('Body 13')

  // The site's name is in every page's header: the next publish renders everything, from the
  // database.
  await payload.update({ collection: 'sites', id: siteId, data: { name: 'Site B renamed' } })
  const post = await payload.find({ collection: 'posts', where: { slug: { equals: 'post-3' } } })
  await payload.update({
    collection: 'posts',
    id: post.docs[0].id,
    data: { content: lexicalParagraph('Body 3, edited'), _status: 'published' },
  })
  await drainDeliveries(payload)
  const renamed = (await store().current(key))!
  expect((await store().manifest(key, renamed)).base).toBeNull()
  const html = Object.keys((await store().manifest(key, renamed)).files).filter((file) =>
    file.endsWith('.html'),
  )
  const changed = await changedBetween(key, after, renamed)
  expect(html.filter((file) => !changed.includes(file))).toEqual([])
  expect(await read(key, 'about/index.html')).toContain('Site B renamed')

  // Rolled back past Post 13, then one more publish: rendered from the database again, so Post 13
  // (still published) is back along with the new one.
  const back = await app.api.post(`/integrations/${res.body.doc.id}/rollback`, {
    auth: world.actors.admin,
    body: { release: before },
  })
  expect(back.status).toBe(200)
  expect(await read(key, 'blog/post-13/index.html')).toBeNull()
  await payload.create({
    collection: 'posts',
    data: {
      title: 'Post 14',
      slug: 'post-14',
      site: siteId,
      _status: 'published',
      publishedAt: day(14),
      content: lexicalParagraph('Body 14'),
    },
  })
  await drainDeliveries(payload)
  const latest = (await store().current(key))!
  expect((await store().manifest(key, latest)).base).toBeNull()
  expect(await read(key, 'blog/post-13/index.html')).toContain('Body 13')
  expect(await read(key, 'blog/post-14/index.html')).toContain('Body 14')
  expect(await read(key, 'blog/post-3/index.html')).toContain('Body 3, edited')

  // And from there on incremental again: an unpublish removes the post's page and rewrites what
  // listed it.
  await payload.update({ collection: 'posts', id: post.docs[0].id, data: { _status: 'draft' } })
  await drainDeliveries(payload)
  const removed = (await store().current(key))!
  expect((await store().manifest(key, removed)).base).toBe(latest)
  expect(await read(key, 'blog/post-3/index.html')).toBeNull()
  expect(await read(key, 'sitemap.xml')).not.toContain('blog/post-3/')
}, 180_000)

/** How many releases the site has written from `from` (exclusive) to `to` (inclusive). */
const releasesBetween = (from: string, to: string): number =>
  Number.parseInt(to, 10) - Number.parseInt(from, 10)

test('ten posts published at once make one or two releases, not ten, with every post in them', async () => {
  const { payload } = app
  const site = await payload.create({
    collection: 'sites',
    data: { name: 'Site C', siteType: 'blog' },
  })
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: { name: 'Hosted C', site: site.id, platform: 'sites', config: {} },
  })
  expect(res.status).toBe(201)
  await payload.create({
    collection: 'publishing-rules',
    data: { site: site.id, name: 'Hosted C everything', destinations: [res.body.doc.id] },
  })
  await payload.create({
    collection: 'posts',
    data: {
      title: 'First',
      slug: 'first',
      site: site.id,
      _status: 'published',
      content: lexicalParagraph('First body'),
    },
  })
  await drainDeliveries(payload)
  const key = site.slug as string
  const before = (await store().current(key))!
  expect(before).toBeTruthy()

  // Saved one after the other, delivered together: the runner claims them in one tick.
  for (let n = 1; n <= 10; n++) {
    await payload.create({
      collection: 'posts',
      data: {
        title: `Batch ${n}`,
        slug: `batch-${n}`,
        site: site.id,
        _status: 'published',
        content: lexicalParagraph(`Batch body ${n}`),
      },
    })
  }
  await drainDeliveries(payload)
  const after = (await store().current(key))!
  const written = releasesBetween(before, after)
  expect(written).toBeGreaterThanOrEqual(1)
  expect(written).toBeLessThanOrEqual(3)
  // Incremental on the release before, and every post is on the site, its listings and feed.
  expect((await store().manifest(key, after)).base).not.toBeNull()
  for (let n = 1; n <= 10; n++) {
    expect(await read(key, `blog/batch-${n}/index.html`)).toContain(`Batch body ${n}`)
    expect(await read(key, 'feed.xml')).toContain(`Batch ${n}<`)
    expect(await read(key, 'sitemap.xml')).toContain(`blog/batch-${n}/`)
  }
  expect(await read(key, 'blog/first/index.html')).toContain('First body')
  const records = await payload.find({
    collection: 'publishing-records',
    where: { integration: { equals: res.body.doc.id } },
    limit: 20,
  })
  expect(records.docs.map((record) => record.status)).toEqual(Array(11).fill('published'))

  // Renaming the site deploys it again, every page with the new name, without any publish.
  await payload.update({ collection: 'sites', id: site.id, data: { name: 'Site C renamed' } })
  await drainDeliveries(payload)
  const renamed = (await store().current(key))!
  expect(renamed).not.toBe(after)
  expect(await read(key, 'blog/batch-3/index.html')).toContain('Site C renamed')
  expect(await read(key, 'index.html')).toContain('Site C renamed')
  expect(await read(key, 'feed.xml')).toContain('Site C renamed')
  // A save that changes no setting deploys nothing.
  await payload.update({ collection: 'sites', id: site.id, data: { name: 'Site C renamed' } })
  await drainDeliveries(payload)
  expect(await store().current(key)).toBe(renamed)
}, 120_000)
