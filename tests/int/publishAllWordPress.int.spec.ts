/**
 * "Publish everything" to a real WordPress (scripts/wordpress-test-server.sh): a site whose pages
 * and posts were published before the destination existed arrives there once, the page tree
 * nested by WordPress parent ids; a post WordPress already holds under the same slug is adopted,
 * not duplicated; running it again sends nothing. Works as a WordPress user of its own, deleted
 * with its content at the end (see wordpress.int.spec.ts for why).
 */

import { randomBytes } from 'crypto'

import type { WordPressConfig } from '@plugins/adapter-wordpress/client'

import { freePort } from '../../scripts/lib/freePort'
import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { describeWithWordPress } from '../helpers/wordpress'
import {
  createEditor,
  getPost,
  removeEditor,
  wpRequest,
  type WpPost,
  type WpUser,
} from '../helpers/wordpressRest'

const RUN = randomBytes(3).toString('hex')

describeWithWordPress('Publish everything to WordPress', (wp) => {
  let app: TestApp
  let world: World
  let editor: WpUser
  let integration: number
  const previousPort = process.env.PORT
  const previousServerUrl = process.env.SERVER_URL
  const pages = { root: 0, child: 0, grandchild: 0 }
  const posts: number[] = []
  let existingCopy: number

  const save = async (collection: 'pages' | 'posts', data: Record<string, unknown>) => {
    const res = await app.api.post(`/${collection}`, {
      auth: world.actors.admin,
      body: { site: world.siteA, _status: 'published', content: lexicalParagraph('Body'), ...data },
    })
    expect(res.status).toBe(201)
    return res.body.doc.id as number
  }

  const recordOf = async (collection: 'pages' | 'posts', id: number) =>
    (
      await app.payload.find({
        collection: 'publishing-records',
        where: {
          integration: { equals: integration },
          documentCollection: { equals: collection },
          documentId: { equals: id },
        },
        depth: 0,
      })
    ).docs

  /** Everything the integration's WordPress user holds (any status but trash). */
  const remote = async (type: 'posts' | 'pages') =>
    (
      await wpRequest<WpPost[]>(wp(), 'GET', `/wp/v2/${type}`, {
        query: { author: editor.id, status: 'any', context: 'edit', per_page: 100 },
      })
    ).body

  beforeAll(async () => {
    delete process.env.SERVER_URL
    process.env.PORT = String(await freePort())
    ;({ app, world } = await startWorld())
    editor = await createEditor(wp(), 'syndicate-backfill', RUN)
    pages.root = await save('pages', { title: `Root ${RUN}`, slug: `root-${RUN}` })
    pages.child = await save('pages', {
      title: `Child ${RUN}`,
      slug: `child-${RUN}`,
      parent: pages.root,
    })
    pages.grandchild = await save('pages', {
      title: `Grandchild ${RUN}`,
      slug: `grandchild-${RUN}`,
      parent: pages.child,
    })
    for (let i = 0; i < 3; i++)
      posts.push(
        await save('posts', { title: `Old post ${i} ${RUN}`, slug: `old-post-${i}-${RUN}` }),
      )
    // The saves' own fan-outs run before the destination exists: they send nothing anywhere.
    await drainDeliveries(app.payload)
    // The site was moved here by hand before: WordPress holds the first post already, unmarked.
    const made = await wpRequest<WpPost>(wp(), 'POST', '/wp/v2/posts', {
      login: editor,
      json: {
        title: 'Moved by hand',
        slug: `old-post-0-${RUN}`,
        status: 'publish',
        content: 'old',
      },
    })
    expect(made.status).toBe(201)
    existingCopy = made.body.id
    const config: WordPressConfig = { siteUrl: wp().url }
    const res = await app.api.post('/integrations', {
      auth: world.actors.admin,
      body: {
        name: 'WordPress',
        site: world.siteA,
        platform: 'wordpress',
        config,
        credentials: { username: editor.user, applicationPassword: editor.password },
      },
    })
    expect(res.status).toBe(201)
    integration = res.body.doc.id as number
  })
  afterAll(async () => {
    if (editor) await removeEditor(wp(), editor.id)
    await app?.close()
    if (previousServerUrl === undefined) delete process.env.SERVER_URL
    else process.env.SERVER_URL = previousServerUrl
    if (previousPort === undefined) delete process.env.PORT
    else process.env.PORT = previousPort
  })

  it('delivers everything once, nested, adopting the copy with the same slug', async () => {
    await drainDeliveries(app.payload)
    expect(await remote('pages')).toHaveLength(0)

    const started = await app.api.post(`/integrations/${integration}/publish-all`, {
      auth: world.actors.editorA,
    })
    expect(started.status).toBe(202)
    expect(started.body.total).toBe(6)
    await drainDeliveries(app.payload, 90_000)

    const remotePages = await remote('pages')
    const remotePosts = await remote('posts')
    expect(remotePages).toHaveLength(3)
    expect(remotePosts).toHaveLength(3)
    const idOf = async (collection: 'pages' | 'posts', id: number) => {
      const [record] = await recordOf(collection, id)
      expect(record).toMatchObject({ status: 'published', lastError: null })
      return Number(record!.remoteId)
    }
    const root = await idOf('pages', pages.root)
    const child = await idOf('pages', pages.child)
    const grandchild = await idOf('pages', pages.grandchild)
    expect((await getPost(wp(), 'pages', root)).body.parent).toBe(0)
    expect((await getPost(wp(), 'pages', child)).body.parent).toBe(root)
    expect((await getPost(wp(), 'pages', grandchild)).body.parent).toBe(child)

    // The copy made by hand is now the first post's, updated in place under its slug.
    expect(await idOf('posts', posts[0]!)).toBe(existingCopy)
    const adopted = (await getPost(wp(), 'posts', existingCopy)).body
    expect(adopted).toMatchObject({
      slug: `old-post-0-${RUN}`,
      title: { raw: `Old post 0 ${RUN}` },
    })
    expect(remotePosts.map((p) => p.slug).sort()).toEqual(
      [0, 1, 2].map((i) => `old-post-${i}-${RUN}`),
    )

    const bulk = (await app.api.get(`/integrations/${integration}`, { auth: world.actors.admin }))
      .body.bulk
    expect(bulk).toMatchObject({ status: 'done', total: 6, done: 6, failed: 0 })
  })

  it('sends nothing when run again', async () => {
    const before = [...(await remote('pages')), ...(await remote('posts'))].map(
      (p) => `${p.id}@${p.modified_gmt}`,
    )
    const records = await app.payload.find({
      collection: 'publishing-records',
      where: { integration: { equals: integration } },
      depth: 0,
      limit: 0,
    })
    expect(
      (await app.api.post(`/integrations/${integration}/publish-all`, { auth: world.actors.admin }))
        .status,
    ).toBe(202)
    await drainDeliveries(app.payload, 60_000)
    const after = [...(await remote('pages')), ...(await remote('posts'))].map(
      (p) => `${p.id}@${p.modified_gmt}`,
    )
    expect(after.sort()).toEqual(before.sort())
    const again = await app.payload.find({
      collection: 'publishing-records',
      where: { integration: { equals: integration } },
      depth: 0,
      limit: 0,
    })
    expect(again.docs.map((r) => [r.id, r.attempts, r.publishedAt])).toEqual(
      records.docs.map((r) => [r.id, r.attempts, r.publishedAt]),
    )
    const bulk = (await app.api.get(`/integrations/${integration}`, { auth: world.actors.admin }))
      .body.bulk
    expect(bulk).toMatchObject({ status: 'done', total: 6, done: 6, failed: 0 })
  })
})
