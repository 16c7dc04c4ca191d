/**
 * The Shopify destination end to end, against the schema-validating stand-in (tests/helpers/fakeShopify):
 * two-way sync through the app, a burst through two worker processes sharing Shopify's bucket,
 * and a worker killed between the remote create and saving its result.
 */
import type { Payload } from 'payload'

import { queueSync, runSyncs } from '@plugins/publishing/exports/server'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries, pendingDeliveries } from '../helpers/deliveries'
import {
  ALL_SCOPES,
  describeWithShopifySchema,
  startFakeShopify,
  type FakeShopify,
} from '../helpers/fakeShopify'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { waitFor } from '../helpers/wait'
import { exited, killWorkers, startReadyWorker, type Worker } from '../helpers/worker'

const TOKEN = 'shpat_integration_test'

describeWithShopifySchema('Shopify destination', () => {
  let app: TestApp
  let payload: Payload
  let world: World
  const shops: FakeShopify[] = []
  const workers: Worker[] = []

  const startShop = async (bucket?: { maximumAvailable: number; restoreRate: number }) => {
    const shop = await startFakeShopify({
      tokens: { [TOKEN]: ALL_SCOPES },
      ...(bucket ? { bucket } : {}),
    })
    shops.push(shop)
    return shop
  }

  const createIntegration = async (
    shop: FakeShopify,
    site: number,
    data: Record<string, unknown> = {},
  ): Promise<number> => {
    const doc = await payload.create({
      collection: 'integrations',
      data: {
        name: `Shopify ${shop.origin}`,
        site,
        platform: 'shopify',
        config: { shopDomain: shop.origin, blogHandle: 'news' },
        credentials: { accessToken: TOKEN },
        ...data,
      },
    })
    return doc.id
  }

  const records = (integration: number) =>
    payload
      .find({
        collection: 'publishing-records',
        where: { integration: { equals: integration } },
        limit: 0,
        depth: 0,
      })
      .then((r) => r.docs)

  beforeAll(async () => {
    ;({ app, world } = await startWorld())
    payload = app.payload
  })
  afterEach(() => killWorkers(workers))
  afterAll(async () => {
    for (const shop of shops) {
      // Every document anyone sent validated against Shopify's schema.
      expect(shop.stats.rejectedDocuments).toEqual([])
      await shop.close()
    }
    await app?.close()
  })

  describe('two-way sync', () => {
    let shop: FakeShopify
    let integration: number

    const sync = async () => {
      await queueSync(payload, integration)
      expect(await runSyncs(payload)).toMatchObject({ ran: true, jobs: 1 })
      return payload.findByID({ collection: 'integrations', id: integration, depth: 0 })
    }

    beforeAll(async () => {
      shop = await startShop()
      // Another site, so that the burst's integration below does not receive these.
      integration = await createIntegration(shop, world.siteB, { syncEnabled: true })
    })
    afterAll(() =>
      payload.update({ collection: 'integrations', id: integration, data: { isActive: false } }),
    )

    it('publishes a post as an article, and pulls the merchant’s edit back without delivering it back', async () => {
      const post = await payload.create({
        collection: 'posts',
        data: {
          site: world.siteB,
          _status: 'published',
          title: 'Harbour news',
          content: lexicalParagraph('Boats came in.'),
        },
      })
      await drainDeliveries(payload)
      const [record] = await records(integration)
      expect(record).toMatchObject({ status: 'published', documentId: post.id })
      const article = shop.articles.get(String(record!.remoteId))!
      expect(article).toMatchObject({ title: 'Harbour news', handle: post.slug, isPublished: true })

      // Our own write comes back in the listing and is recognised: nothing is pulled.
      const quiet = await sync()
      expect(quiet.lastSyncStats).toMatchObject({
        pulled: 0,
        created: 0,
        updated: 0,
        pushed: 0,
        conflicts: 0,
        errors: 0,
      })

      // The merchant edits the article in the Shopify admin, a second later (Shopify's resolution).
      shop.advance(1500)
      shop.editArticle(article.id, {
        title: 'Harbour news, edited in Shopify',
        body: `<p>Boats came in early.</p>\n<!-- syndicate:posts:${post.id} -->`,
      })
      const editedAt = shop.articles.get(article.id)!.updatedAt
      const after = await sync()
      expect(after.lastSyncStats).toMatchObject({
        pulled: 1,
        updated: 1,
        pushed: 0,
        conflicts: 0,
        errors: 0,
      })
      const local = await payload.findByID({ collection: 'posts', id: post.id, depth: 0 })
      expect(local.title).toBe('Harbour news, edited in Shopify')
      expect(JSON.stringify(local.content)).toContain('Boats came in early.')
      // No echo: nothing queued, the article untouched since the merchant's edit.
      expect(await pendingDeliveries(payload)).toBe(0)
      expect(shop.articles.get(article.id)!.updatedAt).toBe(editedAt)
      for (let i = 0; i < 3; i++)
        expect((await sync()).lastSyncStats).toMatchObject({
          pulled: 0,
          updated: 0,
          pushed: 0,
          conflicts: 0,
        })
    })

    it('imports a page created in Shopify, and stops a delivery that would overwrite a Shopify edit', async () => {
      shop.advance(1500)
      const pageId = 'gid://shopify/Page/1'
      const at = new Date(Date.now() + 3000).toISOString().replace(/\.\d{3}Z$/, 'Z')
      shop.pages.set(pageId, {
        id: pageId,
        title: 'Returns',
        handle: 'returns',
        body: '<p>Thirty days.</p>',
        isPublished: true,
        publishedAt: at,
        createdAt: at,
        updatedAt: at,
        templateSuffix: null,
      })
      const after = await sync()
      expect(after.lastSyncStats).toMatchObject({ created: 1, errors: 0 })
      const { docs } = await payload.find({
        collection: 'pages',
        where: { slug: { equals: 'returns' } },
        depth: 0,
      })
      expect(docs).toHaveLength(1)
      expect(docs[0]!.title).toBe('Returns')

      // Edited on both sides: the delivery's guard reads the page first and stops.
      shop.advance(1500)
      shop.editPage(pageId, { title: 'Returns policy' })
      await payload.update({
        collection: 'pages',
        id: docs[0]!.id,
        data: { title: 'Returns (local)', _status: 'published' },
      })
      await drainDeliveries(payload)
      const record = (await records(integration)).find((r) => r.remoteId === pageId)
      expect(record?.status).toBe('conflict')
      expect(shop.pages.get(pageId)!.title).toBe('Returns policy')
    })
  })

  describe('two worker processes', () => {
    it('deliver a burst of 200 posts through a small bucket: all delivered once, paced by throttleStatus', async () => {
      // Slow enough that the bucket, not the workers' own pace on a busy CI machine, sets the drain time.
      const bucket = { maximumAvailable: 60, restoreRate: 30 }
      const shop = await startShop(bucket)
      const integration = await createIntegration(shop, world.siteA)
      const posts = 200
      for (let i = 0; i < posts; i++) {
        await payload.create({
          collection: 'posts',
          data: { title: `Burst ${i}`, site: world.siteA, _status: 'published' },
        })
      }
      workers.push(
        ...(await Promise.all([
          startReadyWorker(app.databaseUri),
          startReadyWorker(app.databaseUri),
        ])),
      )
      const published = async () =>
        (await records(integration)).filter((r) => r.status === 'published').length
      await waitFor(
        async () => (await published()) === posts,
        180_000,
        `${posts} published records`,
      ).catch((error) => {
        throw new Error(
          `${String(error)}\n--- worker output ---\n${workers.map((w) => w.output().slice(-3000)).join('\n---\n')}`,
        )
      })
      const all = await records(integration)
      // None lost, none twice.
      expect(shop.articles.size).toBe(posts)
      expect(new Set(all.map((r) => r.remoteId)).size).toBe(posts)
      expect(new Set([...shop.articles.values()].map((a) => a.title)).size).toBe(posts)
      const { requests, throttled, costCharged, firstAt, lastAt } = shop.stats
      const drainSeconds = (lastAt! - firstAt!) / 1000
      const idealSeconds = costCharged / bucket.restoreRate
      // The figures, for the report.
      console.info(
        JSON.stringify({
          posts,
          requests,
          throttled,
          costCharged,
          drainSeconds,
          idealSeconds,
          ...bucket,
        }),
      )
      expect(throttled).toBeLessThanOrEqual(Math.floor(requests * 0.01))
      // Paced by the bucket: never faster than it refills (that would be throttled), and not far
      // behind it (the upper bound is loose: a loaded CI machine slows the workers themselves).
      expect(drainSeconds).toBeGreaterThanOrEqual(idealSeconds * 0.9)
      expect(drainSeconds).toBeLessThanOrEqual(idealSeconds * 1.5)
      // Both workers took part.
      expect(workers.every((w) => w.exitCode === null)).toBe(true)
    }, 300_000)

    it('a worker killed between the remote create and saving its result leaves one article', async () => {
      const shop = await startShop()
      const integration = await createIntegration(shop, world.siteA, { name: 'Shopify crash' })
      // Only this integration for site A from here on.
      await payload.update({
        collection: 'integrations',
        where: { site: { equals: world.siteA }, id: { not_equals: integration } },
        data: { isActive: false },
      })
      const first = await startReadyWorker(app.databaseUri)
      workers.push(first)
      shop.script.push({
        kind: 'commit-then-drop',
        field: 'articleCreate',
        before: () => first.kill('SIGKILL'),
      })
      const post = await payload.create({
        collection: 'posts',
        data: { title: 'Interrupted', site: world.siteA, _status: 'published' },
      })
      await exited(first)
      const record = async () =>
        (
          await payload.find({
            collection: 'publishing-records',
            where: { documentId: { equals: post.id }, integration: { equals: integration } },
            depth: 0,
          })
        ).docs[0]
      await waitFor(
        async () => (await record())?.status === 'publishing',
        10_000,
        'the record to be left mid-delivery',
      )
      expect(shop.articles.size).toBe(1)

      workers.push(await startReadyWorker(app.databaseUri, { JOBS_LEASE_SECONDS: '1' }))
      await waitFor(
        async () => (await record())?.status === 'published',
        60_000,
        'the second worker to finish the delivery',
      ).catch((error) => {
        throw new Error(
          `${String(error)}\n--- worker output ---\n${workers.map((w) => w.output().slice(-3000)).join('\n---\n')}`,
        )
      })
      expect(shop.articles.size).toBe(1)
      const [article] = [...shop.articles.values()]
      expect((await record())?.remoteId).toBe(article!.id)
      expect(article!.title).toBe('Interrupted')
    }, 240_000)
  })
})
