/**
 * The WordPress adapter against a real WordPress (scripts/wordpress-test-server.sh): end to end
 * through the app (saves in Payload, deliveries, then what WordPress holds), and the shared adapter
 * contract. Every assertion reads WordPress's own answers (`context=edit`), not what the adapter
 * says it did.
 *
 * The site is shared by every test file and run, so this file works as WordPress users of its own
 * (Editors made here by the administrator, deleted with their posts and media at the end), names
 * what it makes with a per-run suffix, and looks only at what its users made. Our ids restart at 1
 * in every test database: with a shared user, `findExisting` would rightly adopt a copy an earlier
 * run made of "post 1".
 */

import { randomBytes } from 'crypto'
import fs from 'fs'
import http from 'http'
import path from 'path'
import { createLocalReq } from 'payload'
import sharp from 'sharp'

import type { Media } from '@/payload-types'
import type {
  WordPressConfig,
  WordPressContext,
  WordPressCredentials,
} from '@plugins/adapter-wordpress/client'
import type { AdapterFetch, RemoteItem } from '@plugins/publishing/exports/server'

import { listChanges, wordpressAdapter } from '@plugins/adapter-wordpress'
import { buildDeliveryDocument } from '@plugins/publishing/documents/buildDeliveryDocument'
import { safeFetch } from '@plugins/publishing/exports/server'
import {
  runAdapterContract,
  sampleDocument,
  type ContractRemoteStatus,
} from '@plugins/publishing/exports/testing'
import { adapterContext } from '@plugins/publishing/integrations/adapterContext'
import { remoteHash } from '@plugins/publishing/records/remoteHash'

import { freePort } from '../../scripts/lib/freePort'
import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, pngFile, type RichText, type World } from '../helpers/fixtures'
import { describeWithWordPress, type WordPressEnv } from '../helpers/wordpress'
import {
  createEditor,
  getPost,
  purgeContent,
  removeEditor,
  wpRequest,
  type WpPost,
  type WpUser,
} from '../helpers/wordpressRest'

/** Makes this run's names unique on the shared site. */
const RUN = randomBytes(3).toString('hex')

// ---- WordPress, read and written directly (as the administrator unless told otherwise) ----

type WpTerm = { id: number; name: string; slug: string }
type WpMedia = { id: number; alt_text: string; source_url: string; author: number }

/** How many items a listing has in all (X-WP-Total). */
const total = async (
  wp: WordPressEnv,
  route: string,
  query: Record<string, string | number>,
): Promise<number> =>
  Number(
    (await wpRequest<unknown>(wp, 'GET', route, { query: { ...query, per_page: 1 } })).headers.get(
      'x-wp-total',
    ),
  )

/** Posts of any status but trash with this slug. */
const postsWithSlug = async (wp: WordPressEnv, slug: string) =>
  (
    await wpRequest<WpPost[]>(wp, 'GET', '/wp/v2/posts', {
      query: { slug, status: 'any', context: 'edit' },
    })
  ).body

// ---- our files, served over HTTP as the app would serve them ----

/**
 * Serves MEDIA_DIR under /api/media/file/ (the app is not served over HTTP in tests), plus fixed
 * files for the contract's sample document, whose images live on https://cms.example.com.
 */
const startMediaServer = async (extra: Map<string, Buffer>) => {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(/^\/api\/media\/file\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '')
    const file = path.join(process.env.MEDIA_DIR ?? '', path.basename(name))
    const bytes = extra.get(name) ?? (name && fs.existsSync(file) ? fs.readFileSync(file) : null)
    if (!bytes) {
      res.writeHead(404).end()
      return
    }
    res
      .writeHead(200, { 'Content-Type': name.endsWith('.png') ? 'image/png' : 'image/jpeg' })
      .end(bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

type Node = RichText['root']['children'][number]
const uploadNode = (id: number): Node => ({
  type: 'upload',
  id: `66a1b2c3d4e5f60718${String(id).padStart(6, '0')}`,
  relationTo: 'media',
  value: id,
  fields: null,
  format: '',
  version: 3,
})
const withImage = (text: string, image: number): RichText => {
  const content = lexicalParagraph(text)
  return { root: { ...content.root, children: [...content.root.children, uploadNode(image)] } }
}

describeWithWordPress('WordPress adapter', (wp) => {
  let media: Awaited<ReturnType<typeof startMediaServer>>
  const contractFiles = new Map<string, Buffer>()
  const previousServerUrl = process.env.SERVER_URL
  const previousPort = process.env.PORT

  beforeAll(async () => {
    contractFiles.set(
      'harbour.jpg',
      await sharp({ create: { width: 48, height: 27, channels: 3, background: '#20406a' } })
        .jpeg()
        .toBuffer(),
    )
    media = await startMediaServer(contractFiles)
  })
  afterAll(async () => {
    await media?.close()
    if (previousServerUrl === undefined) delete process.env.SERVER_URL
    else process.env.SERVER_URL = previousServerUrl
    if (previousPort === undefined) delete process.env.PORT
    else process.env.PORT = previousPort
  })

  describe('through the app', () => {
    let app: TestApp
    let world: World
    let editor: WpUser
    let integration: number

    const createIntegration = async (
      name: string,
      site: number,
      credentials: WordPressCredentials,
    ): Promise<number> => {
      const config: WordPressConfig = { siteUrl: wp().url }
      const res = await app.api.post('/integrations', {
        auth: world.actors.admin,
        body: { name, site, platform: 'wordpress', config, credentials },
      })
      expect(res.status).toBe(201)
      return res.body.doc.id as number
    }

    const record = async (
      collection: 'pages' | 'posts',
      documentId: number,
      integrationId = integration,
    ) => {
      const { docs } = await app.payload.find({
        collection: 'publishing-records',
        where: {
          documentCollection: { equals: collection },
          documentId: { equals: documentId },
          integration: { equals: integrationId },
        },
        depth: 0,
      })
      expect(docs).toHaveLength(1)
      return docs[0]!
    }

    const save = async (
      collection: 'pages' | 'posts',
      data: Record<string, unknown>,
      site = world.siteA,
    ): Promise<number> => {
      const res = await app.api.post(`/${collection}`, {
        auth: world.actors.admin,
        body: { site, _status: 'published', ...data },
      })
      expect(res.status).toBe(201)
      return res.body.doc.id as number
    }

    const image = async (name: string, alt: string, colour: string): Promise<Media> =>
      app.payload.create({
        collection: 'media',
        data: { alt, site: world.siteA },
        file: await pngFile(`${name}-${RUN}.png`, colour),
      })

    /** A colour of this run, so that the file's bytes (and the WordPress copy's slug) are new. */
    const colour = (n: number) => `#${RUN.slice(0, 4)}${String(n).padStart(2, '0')}`

    beforeAll(async () => {
      // As `PORT=<not 3000> npm run dev` without SERVER_URL: the app's public URL is
      // http://localhost:<PORT>, where nothing answers in this test. Our images must reach
      // WordPress from Payload's storage, not over HTTP from ourselves. Read by the publishing
      // plugin when the config is imported, which startWorld() does.
      delete process.env.SERVER_URL
      process.env.PORT = String(await freePort())
      ;({ app, world } = await startWorld())
      editor = await createEditor(wp(), 'syndicate-e2e', RUN)
      integration = await createIntegration('WordPress', world.siteA, {
        username: editor.user,
        applicationPassword: editor.password,
      })
    })
    afterAll(async () => {
      if (editor) {
        await removeEditor(wp(), editor.id)
      }
      await app?.close()
    })

    let postId: number
    let remoteId: string
    let uploadsBefore: number

    it('publishes a post with its terms, featured image and body image, reusing an existing category', async () => {
      // A category WordPress has already, under another slug and with an entity in its name.
      const existingName = `News & Views ${RUN}`
      const existing = await wpRequest<WpTerm>(wp(), 'POST', '/wp/v2/categories', {
        json: { name: existingName, slug: `wp-own-${RUN}` },
      })
      expect(existing.status).toBe(201)
      const categories = [
        (
          await app.payload.create({
            collection: 'categories',
            data: { name: existingName, site: world.siteA },
          })
        ).id,
        (
          await app.payload.create({
            collection: 'categories',
            data: { name: `Harbours ${RUN}`, site: world.siteA },
          })
        ).id,
      ]
      const tags = [
        (
          await app.payload.create({
            collection: 'tags',
            data: { name: `Boats ${RUN}`, site: world.siteA },
          })
        ).id,
        (
          await app.payload.create({
            collection: 'tags',
            data: { name: `Tides ${RUN}`, site: world.siteA },
          })
        ).id,
      ]
      const featured = await image('featured', 'A lighthouse at dusk', colour(1))
      const inline = await image('inline', 'Nets drying on the quay', colour(2))

      postId = await save('posts', {
        title: `Harbour news ${RUN}`,
        excerpt: 'All about the harbour.',
        content: withImage('The harbour at dawn.', inline.id),
        featuredImage: featured.id,
        categories,
        tags,
      })
      await drainDeliveries(app.payload)

      const done = await record('posts', postId)
      expect(done).toMatchObject({ status: 'published', lastError: null })
      remoteId = String(done.remoteId)
      const { status, body: post } = await getPost(wp(), 'posts', remoteId)
      expect(status).toBe(200)
      expect(post).toMatchObject({
        status: 'publish',
        slug: `harbour-news-${RUN}`,
        author: editor.id,
        title: { raw: `Harbour news ${RUN}` },
      })
      expect(done.remoteUrl).toBe(post.link)
      expect(await postsWithSlug(wp(), `harbour-news-${RUN}`)).toHaveLength(1)

      // The existing category was reused, the other created, each once; both tags created.
      const found = await wpRequest<WpTerm[]>(wp(), 'GET', '/wp/v2/categories', {
        query: { search: RUN, per_page: 100 },
      })
      expect(found.body.map((t) => t.name).sort()).toEqual([
        `Harbours ${RUN}`,
        `News &amp; Views ${RUN}`,
      ])
      expect([...post.categories].sort()).toEqual(found.body.map((t) => t.id).sort())
      expect(post.categories).toContain(existing.body.id)
      const tagged = await wpRequest<WpTerm[]>(wp(), 'GET', '/wp/v2/tags', {
        query: { include: post.tags.join(','), per_page: 100 },
      })
      expect(tagged.body.map((t) => t.name).sort()).toEqual([`Boats ${RUN}`, `Tides ${RUN}`])

      // Both images were copied into the media library with their alt text.
      const featuredCopy = await wpRequest<WpMedia>(
        wp(),
        'GET',
        `/wp/v2/media/${post.featured_media}`,
        { query: { context: 'edit' } },
      )
      expect(featuredCopy.body).toMatchObject({
        alt_text: 'A lighthouse at dusk',
        author: editor.id,
      })
      expect(featuredCopy.body.source_url).toMatch(new RegExp(`^${wp().url}/wp-content/uploads/`))
      const src = /<img[^>]*\ssrc="([^"]+)"/.exec(post.content.raw)?.[1]
      expect(src).toMatch(new RegExp(`^${wp().url}/wp-content/uploads/.*inline-${RUN}`))
      expect(post.content.raw).not.toContain(`localhost:${process.env.PORT}/api/media`)
      expect(post.content.raw).toContain('The harbour at dawn.')
      const inlineCopy = await wpRequest<WpMedia[]>(wp(), 'GET', '/wp/v2/media', {
        query: { search: `inline-${RUN}`, context: 'edit' },
      })
      expect(inlineCopy.body).toHaveLength(1)
      expect(inlineCopy.body[0]).toMatchObject({
        alt_text: 'Nets drying on the quay',
        source_url: src,
      })
      uploadsBefore = await total(wp(), '/wp/v2/media', { author: editor.id })
      expect(uploadsBefore).toBe(2)
    })

    it('updates the same WordPress post on the next save, without uploading the images again', async () => {
      const res = await app.api.patch(`/posts/${postId}`, {
        auth: world.actors.admin,
        body: { title: `Harbour news ${RUN}, revised` },
      })
      expect(res.status).toBe(200)
      await drainDeliveries(app.payload)
      const done = await record('posts', postId)
      expect(done.status).toBe('published')
      expect(done.remoteId).toBe(remoteId)
      const { body: post } = await getPost(wp(), 'posts', remoteId)
      expect(post.title.raw).toBe(`Harbour news ${RUN}, revised`)
      expect(await postsWithSlug(wp(), `harbour-news-${RUN}`)).toHaveLength(1)
      expect(await total(wp(), '/wp/v2/media', { author: editor.id })).toBe(uploadsBefore)
    })

    it('publishes a page tree: parents and their order among siblings', async () => {
      const parent = await save('pages', {
        title: `Services ${RUN}`,
        content: lexicalParagraph('What we do.'),
      })
      await drainDeliveries(app.payload)
      const children = [
        await save('pages', {
          title: `Moorings ${RUN}`,
          parent,
          content: lexicalParagraph('Moorings.'),
        }),
        await save('pages', {
          title: `Repairs ${RUN}`,
          parent,
          content: lexicalParagraph('Repairs.'),
        }),
      ]
      await drainDeliveries(app.payload)
      const parentRemote = Number((await record('pages', parent)).remoteId)
      expect((await getPost(wp(), 'pages', parentRemote)).body).toMatchObject({
        status: 'publish',
        parent: 0,
      })
      for (const [order, child] of children.entries()) {
        const { body: page } = await getPost(
          wp(),
          'pages',
          String((await record('pages', child)).remoteId),
        )
        expect(page).toMatchObject({ status: 'publish', parent: parentRemote, menu_order: order })
      }
    })

    it('nests a parent and a child published in one burst, whichever delivery comes first', async () => {
      const nested = async (parent: number, child: number) => {
        const parentRemote = Number((await record('pages', parent)).remoteId)
        expect(parentRemote).toBeGreaterThan(0)
        const { body: page } = await getPost(
          wp(),
          'pages',
          String((await record('pages', child)).remoteId),
        )
        expect(page).toMatchObject({ status: 'publish', parent: parentRemote })
      }
      // The parent's delivery queued first, the child's a second later: both run in one burst.
      const parent = await save('pages', {
        title: `Harbour office ${RUN}`,
        content: lexicalParagraph('Office.'),
      })
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const child = await save('pages', {
        title: `Opening hours ${RUN}`,
        parent,
        content: lexicalParagraph('Hours.'),
      })
      await drainDeliveries(app.payload, 30_000)
      await nested(parent, child)

      // The child's delivery queued first (its parent still a draft), then the parent published.
      const late = await save('pages', {
        title: `Boatyard ${RUN}`,
        _status: 'draft',
        content: lexicalParagraph('Boatyard.'),
      })
      const early = await save('pages', {
        title: `Slipway ${RUN}`,
        parent: late,
        content: lexicalParagraph('Slipway.'),
      })
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const res = await app.api.patch(`/pages/${late}`, {
        auth: world.actors.admin,
        body: { _status: 'published' },
      })
      expect(res.status).toBe(200)
      await drainDeliveries(app.payload, 30_000)
      await nested(late, early)
    })

    it("applies the theme's page template of the same name or the mapped one, else says it was not applied", async () => {
      const patched = await app.api.patch(`/integrations/${integration}`, {
        auth: world.actors.admin,
        body: { config: { siteUrl: wp().url, pageTemplates: 'full-width=templates/wide.php' } },
      })
      expect(patched.status).toBe(200)
      try {
        const pages = {
          landing: await save('pages', {
            title: `Welcome aboard ${RUN}`,
            template: 'landing',
            content: lexicalParagraph('Welcome.'),
          }),
          'full-width': await save('pages', {
            title: `Chart room ${RUN}`,
            template: 'full-width',
            content: lexicalParagraph('Charts.'),
          }),
          contact: await save('pages', {
            title: `Harbour master ${RUN}`,
            template: 'contact',
            content: lexicalParagraph('Call us.'),
          }),
        }
        await drainDeliveries(app.payload)
        const remote = async (id: number) => {
          const done = await record('pages', id)
          expect(done).toMatchObject({ status: 'published', lastError: null })
          const { body } = await getPost(wp(), 'pages', String(done.remoteId))
          const history = (done.history ?? []) as { outcome: string; message?: string | null }[]
          return { page: body as WpPost & { template: string }, history }
        }
        const landing = await remote(pages.landing)
        expect(landing.page.template).toBe('page-templates/landing.php')
        expect(landing.history[0]?.message ?? null).toBeNull()
        expect((await remote(pages['full-width'])).page.template).toBe('templates/wide.php')
        const contact = await remote(pages.contact)
        expect(contact.page).toMatchObject({ status: 'publish', template: '' })
        expect(contact.history[0]).toMatchObject({
          outcome: 'success',
          message: expect.stringContaining('Template not applied'),
        })
        expect(contact.history[0]?.message).toContain('"contact"')
      } finally {
        await app.api.patch(`/integrations/${integration}`, {
          auth: world.actors.admin,
          body: { config: { siteUrl: wp().url } },
        })
      }
    })

    it("says WordPress's own reason when it refuses a page with a template for another cause", async () => {
      // The parent's copy is gone from WordPress: a child with a template is refused with a 400
      // that is not about the template, and the record must say why, not only "400".
      const parent = await save('pages', { title: `Old pier ${RUN}` })
      await drainDeliveries(app.payload)
      const parentRecord = await record('pages', parent)
      await app.payload.update({
        collection: 'publishing-records',
        id: parentRecord.id,
        data: { remoteId: '987654321' },
        overrideAccess: true,
      })
      const child = await save('pages', {
        title: `Pier lamp ${RUN}`,
        parent,
        template: 'landing',
        content: lexicalParagraph('Lit at dusk.'),
      })
      await drainDeliveries(app.payload)
      const failed = await record('pages', child)
      expect(failed.status).toBe('failed')
      expect(failed.lastError).toMatch(/WordPress answered 400: \S/)
    })

    it('turns the WordPress post into a draft when the post is unpublished', async () => {
      const res = await app.api.patch(`/posts/${postId}`, {
        auth: world.actors.admin,
        body: { _status: 'draft' },
      })
      expect(res.status).toBe(200)
      await drainDeliveries(app.payload)
      expect((await record('posts', postId)).status).toBe('unpublished')
      expect((await getPost(wp(), 'posts', remoteId)).body.status).toBe('draft')
    })

    it('moves the WordPress post to the trash when a rule says delete and the post is deleted', async () => {
      const rule = await app.payload.create({
        collection: 'publishing-rules',
        data: {
          site: world.siteA,
          name: 'Delete copies',
          destinations: [integration],
          unpublishAction: 'delete',
        },
      })
      try {
        const id = await save('posts', {
          title: `Short-lived ${RUN}`,
          content: lexicalParagraph('Soon gone.'),
        })
        await drainDeliveries(app.payload)
        const remote = String((await record('posts', id)).remoteId)
        expect((await getPost(wp(), 'posts', remote)).body.status).toBe('publish')
        await app.payload.delete({ collection: 'posts', id })
        await drainDeliveries(app.payload)
        expect((await getPost(wp(), 'posts', remote)).body.status).toBe('trash')
        expect(await record('posts', id)).toMatchObject({ status: 'unpublished', remoteId: null })
      } finally {
        await app.payload.delete({ collection: 'publishing-rules', id: rule.id })
      }
    })

    it('adopts the copy made before a crash instead of making a second one', async () => {
      const id = await save('posts', {
        title: `Crash ${RUN}`,
        content: lexicalParagraph('Made twice?'),
      })
      // The remote create happened, but the process died before the record learnt the id: here
      // the adapter is called directly, and the record still knows no remote copy.
      const req = await createLocalReq({}, app.payload)
      const { context } = await adapterContext(app.payload, req, integration)
      const document = await buildDeliveryDocument({
        payload: app.payload,
        req,
        collection: 'posts',
        id,
        integration,
        remoteStatus: 'publish',
        serverURL: media.url,
      })
      const first = await wordpressAdapter.publish(context as WordPressContext, {
        document,
        remote: null,
        idempotencyKey: 'crash',
      })
      expect(await postsWithSlug(wp(), `crash-${RUN}`)).toHaveLength(1)

      await drainDeliveries(app.payload)
      const done = await record('posts', id)
      expect(done).toMatchObject({ status: 'published', remoteId: first.remoteId })
      const copies = await postsWithSlug(wp(), `crash-${RUN}`)
      expect(copies.map((post) => post.id)).toEqual([Number(first.remoteId)])
    })

    describe('refused credentials and missing capabilities', () => {
      let wrong: number
      let contributor: number

      beforeAll(async () => {
        // On the other site, so that site A's posts do not go there.
        wrong = await createIntegration('WordPress, wrong password', world.siteB, {
          username: editor.user,
          applicationPassword: 'abcd efgh ijkl mnop qrst uvwx',
        })
        contributor = await createIntegration('WordPress, contributor', world.siteB, {
          username: wp().contributorUser,
          applicationPassword: wp().contributorAppPassword,
        })
      })

      it('answers a connection test with what is wrong', async () => {
        const refused = await app.api.post(`/integrations/${wrong}/test-connection`, {
          auth: world.actors.admin,
        })
        expect(refused.status).toBe(200)
        expect(refused.body).toMatchObject({
          ok: false,
          message: expect.stringMatching(/WordPress refused the username or application password/),
        })

        const limited = await app.api.post(`/integrations/${contributor}/test-connection`, {
          auth: world.actors.admin,
        })
        expect(limited.body).toMatchObject({ ok: false, details: { roles: ['contributor'] } })
        // The user is never named back: its username is half of the saved credentials.
        expect(limited.body.details).not.toHaveProperty('user')
        expect(limited.body.message).toMatch(/publish_posts/)
        expect(limited.body.message).toMatch(/upload_files/)

        const works = await app.api.post(`/integrations/${integration}/test-connection`, {
          auth: world.actors.admin,
        })
        expect(works.body).toMatchObject({
          ok: true,
          details: { roles: ['editor'], wordpressUrl: wp().url },
        })
        expect(JSON.stringify(works.body)).not.toContain(editor.user)
      })

      it('fails their deliveries at once, saying which credential or capability', async () => {
        const before = await total(wp(), '/wp/v2/posts', {
          search: `Elsewhere ${RUN}`,
          status: 'any',
        })
        const id = await save(
          'posts',
          { title: `Elsewhere ${RUN}`, content: lexicalParagraph('Site B.') },
          world.siteB,
        )
        await drainDeliveries(app.payload)
        const refused = await record('posts', id, wrong)
        expect(refused).toMatchObject({ status: 'failed', attempts: 1, remoteId: null })
        expect(refused.lastError).toMatch(
          /HTTP 401.*WordPress refused the username or application password/,
        )
        const limited = await record('posts', id, contributor)
        expect(limited).toMatchObject({ status: 'failed', attempts: 1, remoteId: null })
        expect(limited.lastError).toMatch(/HTTP 403.*"publish_posts" capability/)
        expect(
          await total(wp(), '/wp/v2/posts', { search: `Elsewhere ${RUN}`, status: 'any' }),
        ).toBe(before)
      })
    })
  })

  describe('contract', () => {
    let owner: WpUser

    beforeAll(async () => {
      owner = await createEditor(wp(), 'syndicate-contract', RUN)
    })
    afterAll(async () => {
      if (!owner) return
      await removeEditor(wp(), owner.id)
    })

    /** The contract's fetch: our images served locally, and a way to lose the answer to one create. */
    const contractFetch =
      (state: { loseNextCreate: boolean }): AdapterFetch =>
      async (url, init = {}) => {
        // The sample document's images are on https://cms.example.com: served by the media server.
        const target = String(url).replace(/^https:\/\/cms\.example\.com/, media.url)
        const response = await safeFetch(target, { ...init, allowPrivate: true })
        if (
          state.loseNextCreate &&
          init.method === 'POST' &&
          new URL(target).pathname === '/wp-json/wp/v2/posts'
        ) {
          state.loseNextCreate = false
          // WordPress made the post; the connection drops before its answer arrives.
          await response.arrayBuffer()
          throw new TypeError('fetch failed', { cause: new Error('other side closed') })
        }
        return response
      }

    const contextFor = (
      password: string,
      fetch: AdapterFetch,
      siteUrl = wp().url,
    ): WordPressContext => ({
      config: { siteUrl },
      credentials: { username: owner.user, applicationPassword: password },
      integration: { id: 1, name: 'Contract WordPress', site: 1 },
      fetch,
      logger: { info: () => undefined, warn: () => undefined },
    })

    const STATUSES: Record<string, ContractRemoteStatus> = {
      publish: 'publish',
      future: 'publish',
      draft: 'draft',
      pending: 'draft',
      private: 'unpublished',
      trash: 'trashed',
    }

    runAdapterContract<WordPressConfig, WordPressCredentials>(
      'wordpress',
      { collections: ['posts'] },
      async () => {
        const state = { loseNextCreate: false }
        return {
          adapter: wordpressAdapter,
          context: contextFor(owner.password, contractFetch(state)),
          badContext: contextFor('wrong password wrong pass', contractFetch(state)),
          remote: {
            count: () => total(wp(), '/wp/v2/posts', { author: owner.id, status: 'any' }),
            get: async (remoteId) => {
              const { status, body } = await getPost(wp(), 'posts', remoteId)
              if (status === 404) return null
              expect(status).toBe(200)
              return {
                title: body.title.raw,
                status: STATUSES[body.status] ?? (body.status as ContractRemoteStatus),
              }
            },
          },
          injectLostAnswer: () => {
            state.loseNextCreate = true
          },
          // Every test starts without copies: findExisting must not find the previous test's.
          teardown: () => purgeContent(wp(), owner.id),
        }
      },
    )

    it('lists what changed since a time, with one second of overlap', async () => {
      const context = contextFor(owner.password, contractFetch({ loseNextCreate: false }))
      // No publication date: a back-dated new post would get that date as its modification time.
      const document = sampleDocument({
        collection: 'posts',
        id: 991,
        title: `Changed ${RUN}`,
        slug: `changed-${RUN}`,
        publishedAt: null,
      })
      try {
        const published = await wordpressAdapter.publish(context, {
          document,
          remote: null,
          idempotencyKey: 'changes',
        })
        const modified = new Date(published.remoteModifiedAt ?? '')
        // WordPress compares strictly, to the second: asking from the post's own time still finds it.
        const listed = async (since: Date) => {
          const items: RemoteItem[] = []
          for await (const batch of listChanges(context, {
            since: since.toISOString(),
            collection: 'posts',
          }))
            items.push(...batch)
          return items
        }
        const item = (await listed(modified)).find((post) => post.remoteId === published.remoteId)
        expect(item).toMatchObject({
          title: document.title,
          status: 'publish',
          html: expect.stringContaining('Hello from the'),
          source: { collection: 'posts', id: 991 },
          modifiedAt: published.remoteModifiedAt,
          removed: null,
        })
        // The copy as publish answered it, as listed and as read alone hash the same: sync
        // recognises its own writes.
        expect(published.item).toBeDefined()
        expect(remoteHash(item!)).toBe(remoteHash(published.item!))
        const read = await wordpressAdapter.getRemote!(context, {
          collection: 'posts',
          remoteId: published.remoteId,
        })
        expect(remoteHash(read!)).toBe(remoteHash(published.item!))
        expect(
          (await listed(new Date(modified.getTime() + 2000))).map((post) => post.remoteId),
        ).not.toContain(published.remoteId)
      } finally {
        await purgeContent(wp(), owner.id)
      }
    })

    it('works with a site that serves no pretty permalinks, through /?rest_route=', async () => {
      // In front of WordPress: /wp-json/ is the web server's 404 page, everything else passes.
      const proxy = http.createServer((req, res) => {
        if ((req.url ?? '').startsWith('/wp-json/')) {
          req.resume()
          res.writeHead(404, { 'Content-Type': 'text/html' }).end('<h1>Not Found</h1>')
          return
        }
        const upstream = http.request(
          `${wp().url}${req.url}`,
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
          },
        )
        req.pipe(upstream)
      })
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
      try {
        const siteUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`
        const context = contextFor(
          owner.password,
          contractFetch({ loseNextCreate: false }),
          siteUrl,
        )
        expect(await wordpressAdapter.testConnection(context)).toMatchObject({
          ok: true,
          details: { wordpressUrl: siteUrl },
        })
        const document = sampleDocument({
          collection: 'posts',
          id: 990,
          title: `Plain permalinks ${RUN}`,
          slug: `plain-permalinks-${RUN}`,
        })
        const published = await wordpressAdapter.publish(context, {
          document,
          remote: null,
          idempotencyKey: 'plain',
        })
        const { body: post } = await getPost(wp(), 'posts', published.remoteId)
        expect(post).toMatchObject({
          status: 'publish',
          author: owner.id,
          title: { raw: document.title },
        })
        expect(post.content.raw).toMatch(
          new RegExp(`<img [^>]*src="${wp().url}/wp-content/uploads/`),
        )
        expect(await wordpressAdapter.findExisting?.(context, document)).toMatchObject({
          remoteId: published.remoteId,
        })
      } finally {
        await new Promise<void>((resolve) => proxy.close(() => resolve()))
        await purgeContent(wp(), owner.id)
      }
    })
  })
})
