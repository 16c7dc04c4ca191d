/**
 * The hosted site (issue 13): a post published through the runner is rendered into the site's
 * current release with the blog index, feed and sitemap; an update writes a new release; an
 * unpublish removes its page; a rollback brings the previous release back byte for byte.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { storeFor } from '../../plugins/adapter-sites'
import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'

let app: TestApp
let world: World
let outputDir: string

beforeAll(async () => {
  outputDir = await mkdtemp(path.join(os.tmpdir(), 'sites-int-'))
  process.env.SITES_OUTPUT_DIR = outputDir
  ;({ app, world } = await startWorld())
}, 120_000)

afterAll(async () => {
  await app?.close()
  await rm(outputDir, { recursive: true, force: true })
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
