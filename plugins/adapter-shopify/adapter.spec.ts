import { parse, validate } from 'graphql'

import type { PublishingError, RemoteItem } from '@plugins/publishing/exports/server'

import { safeFetch } from '@plugins/publishing/exports/server'
import {
  runAdapterContract,
  sampleDocument,
  type ContractRemoteStatus,
} from '@plugins/publishing/exports/testing'
import { remoteHash } from '@plugins/publishing/records/remoteHash'

import type { ShopifyConfig, ShopifyContext } from './client'

import {
  ALL_SCOPES,
  describeWithShopifySchema,
  startFakeShopify,
  type FakeShopify,
  type FakeShopifyOptions,
} from '../../tests/helpers/fakeShopify'
import { shopifyAdapter } from './adapter'
import { ALL_OPERATIONS } from './documents'
import { memoryRateLimitStore, setRateLimitStore } from './rateLimit'

process.env.ALLOW_PRIVATE_DESTINATIONS = 'true'

const TOKEN = 'shpat_test'

/** A context against `shop`, through the real SSRF-safe fetch (loopback allowed: it is a test). */
const contextFor = (
  shop: FakeShopify,
  accessToken = TOKEN,
  config: Partial<ShopifyConfig> = {},
): ShopifyContext => ({
  config: { shopDomain: shop.origin, blogHandle: 'news', ...config },
  credentials: { accessToken },
  integration: { id: 1, name: 'Shopify test', site: 1 },
  fetch: (url, init = {}) => safeFetch(url, { ...init, allowPrivate: true }),
  logger: { info: () => undefined, warn: () => undefined },
})

const statusOf = (isPublished: boolean): ContractRemoteStatus => (isPublished ? 'publish' : 'draft')

const rejection = async (action: Promise<unknown>): Promise<PublishingError> => {
  try {
    await action
  } catch (error) {
    return error as PublishingError
  }
  throw new Error('expected a rejection, but the call succeeded')
}

let keys = 0
const key = () => `shopify-spec-${++keys}`

describeWithShopifySchema('Shopify adapter', () => {
  beforeEach(() => setRateLimitStore(memoryRateLimitStore()))

  runAdapterContract('shopify', { collections: ['posts'] }, async () => {
    const shop = await startFakeShopify({ tokens: { [TOKEN]: ALL_SCOPES } })
    return {
      adapter: shopifyAdapter,
      context: contextFor(shop),
      badContext: contextFor(shop, 'shpat_unknown'),
      remote: {
        count: async () => shop.articles.size + shop.pages.size,
        get: async (remoteId) => {
          const copy = shop.articles.get(remoteId) ?? shop.pages.get(remoteId)
          return copy ? { title: copy.title, status: statusOf(copy.isPublished) } : null
        },
      },
      injectLostAnswer: () =>
        shop.script.push({ kind: 'commit-then-drop', field: 'articleCreate' }),
      teardown: async () => {
        expect(shop.stats.rejectedDocuments).toEqual([])
        await shop.close()
      },
    }
  })

  describe('against the stand-in', () => {
    let shop: FakeShopify
    const start = async (options: FakeShopifyOptions = {}) => {
      shop = await startFakeShopify(options)
      return shop
    }
    afterEach(async () => {
      // Every document the adapter sent validated against Shopify's schema.
      expect(shop.stats.rejectedDocuments).toEqual([])
      await shop.close()
    })

    it('sends only documents that validate against Shopify’s schema', async () => {
      await start()
      for (const operation of ALL_OPERATIONS)
        expect([
          operation.name,
          validate(shop.schema, parse(operation.query)).map((e) => e.message),
        ]).toEqual([operation.name, []])
    })

    it('creates the blog when missing, then delivers a post as an article with every field', async () => {
      await start()
      const context = contextFor(shop)
      const document = sampleDocument({ collection: 'posts', excerpt: 'Fish & chips <today>' })
      const result = await shopifyAdapter.publish(context, {
        document,
        remote: null,
        idempotencyKey: key(),
      })
      expect([...shop.blogs.values()].map((b) => b.handle)).toEqual(['news'])
      const article = shop.articles.get(result.remoteId)!
      expect(article).toMatchObject({
        title: document.title,
        handle: document.slug,
        body: `${document.html}\n<!-- syndicate:posts:${document.id} -->`,
        summary: 'Fish &amp; chips &lt;today&gt;',
        tags: ['News', 'Harbour'],
        author: { name: document.site.name },
        isPublished: true,
        blogId: [...shop.blogs.keys()][0],
      })
      expect(article.image).toMatchObject({
        altText: 'The harbour at dawn',
        src: expect.stringMatching(/^https:\/\/cdn\.shopify\.com\/.*harbour\.jpg/),
      })
      expect(result.remoteUrl).toBe(`${shop.shop.primaryUrl}/blogs/news/${document.slug}`)
      expect(result.item).toMatchObject({
        html: document.html,
        excerpt: 'Fish & chips <today>',
        tags: ['News', 'Harbour'],
        source: { collection: 'posts', id: document.id },
      })
    })

    it('uses an existing blog by its handle', async () => {
      await start()
      const context = contextFor(shop, TOKEN, { blogHandle: 'journal' })
      shop.blogs.set('gid://shopify/Blog/1', {
        id: 'gid://shopify/Blog/1',
        handle: 'journal',
        title: 'Journal',
        commentPolicy: 'CLOSED',
        createdAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:00:00Z',
      })
      const result = await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts' }),
        remote: null,
        idempotencyKey: key(),
      })
      expect(shop.blogs.size).toBe(1)
      expect(shop.articles.get(result.remoteId)?.blogId).toBe('gid://shopify/Blog/1')
    })

    it('updates an article in place (no duplicate), sends isPublished explicitly, unpublishes and deletes it', async () => {
      await start()
      const context = contextFor(shop)
      const document = sampleDocument({ collection: 'posts', featuredImage: null })
      const created = await shopifyAdapter.publish(context, {
        document,
        remote: null,
        idempotencyKey: key(),
      })
      const ref = {
        id: created.remoteId,
        url: created.remoteUrl,
        modifiedAt: created.remoteModifiedAt,
      }
      const updated = await shopifyAdapter.publish(context, {
        document: { ...document, title: 'Renamed', status: 'draft', tags: [] },
        remote: ref,
        idempotencyKey: key(),
      })
      expect(updated.remoteId).toBe(created.remoteId)
      expect(shop.articles.size).toBe(1)
      expect(shop.articles.get(created.remoteId)).toMatchObject({
        title: 'Renamed',
        isPublished: false,
        tags: ['News'],
        image: null,
      })

      await shopifyAdapter.publish(context, { document, remote: ref, idempotencyKey: key() })
      expect(shop.articles.get(created.remoteId)?.isPublished).toBe(true)
      const removal = {
        collection: document.collection,
        id: document.id,
        slug: document.slug,
        title: document.title,
        site: document.site,
      }
      await shopifyAdapter.unpublish(context, {
        document: removal,
        remote: ref,
        action: 'unpublish',
        idempotencyKey: key(),
      })
      expect(shop.articles.get(created.remoteId)?.isPublished).toBe(false)
      await shopifyAdapter.unpublish(context, {
        document: removal,
        remote: ref,
        action: 'delete',
        idempotencyKey: key(),
      })
      expect(shop.articles.size).toBe(0)
      // Gone already: not an error, and nothing comes back.
      await shopifyAdapter.unpublish(context, {
        document: removal,
        remote: ref,
        action: 'delete',
        idempotencyKey: key(),
      })
      await shopifyAdapter.unpublish(context, {
        document: removal,
        remote: ref,
        action: 'unpublish',
        idempotencyKey: key(),
      })
      expect(shop.articles.size).toBe(0)
      // An update of a copy deleted in Shopify makes it again.
      const again = await shopifyAdapter.publish(context, {
        document,
        remote: ref,
        idempotencyKey: key(),
      })
      expect(again.remoteId).not.toBe(created.remoteId)
      expect(shop.articles.size).toBe(1)
    })

    it('delivers pages as pages: create, update without duplicate, unpublish, delete', async () => {
      await start()
      const context = contextFor(shop)
      const document = sampleDocument({
        collection: 'pages',
        id: 5,
        slug: 'about',
        title: 'About',
        categories: [],
        tags: [],
        featuredImage: null,
      })
      const created = await shopifyAdapter.publish(context, {
        document,
        remote: null,
        idempotencyKey: key(),
      })
      expect(shop.pages.get(created.remoteId)).toMatchObject({
        title: 'About',
        handle: 'about',
        isPublished: true,
        body: `${document.html}\n<!-- syndicate:pages:5 -->`,
      })
      expect(created.remoteUrl).toBe(`${shop.shop.primaryUrl}/pages/about`)
      const ref = {
        id: created.remoteId,
        url: created.remoteUrl,
        modifiedAt: created.remoteModifiedAt,
      }
      // A draft page is sent with isPublished: false (left out, Shopify would publish it).
      await shopifyAdapter.publish(context, {
        document: { ...document, title: 'About us', status: 'draft' },
        remote: ref,
        idempotencyKey: key(),
      })
      expect(shop.pages.size).toBe(1)
      expect(shop.pages.get(created.remoteId)).toMatchObject({
        title: 'About us',
        isPublished: false,
      })
      // Found again by handle after a lost record, not made twice.
      expect(await shopifyAdapter.findExisting!(context, document)).toMatchObject({
        remoteId: created.remoteId,
      })
      const removal = {
        collection: document.collection,
        id: document.id,
        slug: document.slug,
        title: document.title,
        site: document.site,
      }
      await shopifyAdapter.publish(context, { document, remote: ref, idempotencyKey: key() })
      await shopifyAdapter.unpublish(context, {
        document: removal,
        remote: ref,
        action: 'unpublish',
        idempotencyKey: key(),
      })
      expect(shop.pages.get(created.remoteId)?.isPublished).toBe(false)
      await shopifyAdapter.unpublish(context, {
        document: removal,
        remote: ref,
        action: 'delete',
        idempotencyKey: key(),
      })
      expect(shop.pages.size).toBe(0)
      await expect(
        shopifyAdapter.unpublish(context, {
          document: removal,
          remote: ref,
          action: 'delete',
          idempotencyKey: key(),
        }),
      ).resolves.toBeUndefined()
    })

    it('does not adopt an article it did not make, and reports Shopify’s userErrors as a final failure with their messages', async () => {
      await start()
      const context = contextFor(shop)
      const document = sampleDocument({ collection: 'posts' })
      // A merchant's own article holds the handle.
      const first = await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts', id: 999 }),
        remote: null,
        idempotencyKey: key(),
      })
      expect(await shopifyAdapter.findExisting!(context, document)).toBeNull()
      const taken = await rejection(
        shopifyAdapter.publish(context, { document, remote: null, idempotencyKey: key() }),
      )
      expect(taken.name).toBe('PublishingError')
      expect(taken.retryable).toBe(false)
      expect(taken.message).toMatch(/article\.handle: Handle has already been taken \(TAKEN\)/)
      const blank = await rejection(
        shopifyAdapter.publish(context, {
          document: sampleDocument({ collection: 'posts', title: ' ' }),
          remote: { id: first.remoteId, url: null, modifiedAt: null },
          idempotencyKey: key(),
        }),
      )
      expect(blank.retryable).toBe(false)
      expect(blank.message).toMatch(/Title can't be blank \(BLANK\)/)
      expect(shop.articles.size).toBe(1)
    })

    it('says what is wrong: an unknown token, a wrong domain, a missing scope', async () => {
      await start({
        tokens: {
          [TOKEN]: ALL_SCOPES,
          shpat_readonly: ['read_content', 'read_online_store_pages'],
        },
      })
      const bad = await shopifyAdapter.testConnection(contextFor(shop, 'shpat_wrong'))
      expect(bad.ok).toBe(false)
      expect(bad.message).toMatch(/Shopify refused the access token/)
      expect(bad.message).not.toContain('shpat_wrong')
      const refused = await rejection(
        shopifyAdapter.publish(contextFor(shop, 'shpat_wrong'), {
          document: sampleDocument({ collection: 'posts' }),
          remote: null,
          idempotencyKey: key(),
        }),
      )
      expect([refused.retryable, refused.status]).toEqual([false, 401])

      const wrongDomain = await shopifyAdapter.testConnection(
        contextFor(shop, TOKEN, { shopDomain: shop.origin.replace('127.0.0.1', 'localhost') }),
      )
      expect(wrongDomain.ok).toBe(false)
      expect(wrongDomain.message).toMatch(/No Shopify store answered at/)

      const nobody = await shopifyAdapter.testConnection(
        contextFor(shop, TOKEN, { shopDomain: 'http://127.0.0.1:9' }),
      )
      expect(nobody.ok).toBe(false)
      expect(nobody.message).toMatch(/No Shopify store could be reached at http:\/\/127\.0\.0\.1:9/)

      const readOnly = contextFor(shop, 'shpat_readonly')
      const connection = await shopifyAdapter.testConnection(readOnly)
      expect(connection).toMatchObject({
        ok: true,
        details: { shop: 'Fake Shop', blogExists: false },
      })
      const denied = await rejection(
        shopifyAdapter.publish(readOnly, {
          document: sampleDocument({ collection: 'posts' }),
          remote: null,
          idempotencyKey: key(),
        }),
      )
      expect(denied.retryable).toBe(false)
      expect(denied.message).toMatch(
        /lacks the access scope it needs \(write_content access scope\)\. In the app's Admin API configuration grant write_content/,
      )

      const ok = await shopifyAdapter.testConnection(contextFor(shop))
      expect(ok).toMatchObject({ ok: true, message: expect.stringContaining('Fake Shop') })
      expect(shop.articles.size + shop.blogs.size).toBe(0)
    })

    it('refuses a full origin unless private destinations are allowed', async () => {
      await start()
      process.env.ALLOW_PRIVATE_DESTINATIONS = 'false'
      try {
        const result = await shopifyAdapter.testConnection(contextFor(shop))
        expect(result.ok).toBe(false)
        expect(result.message).toMatch(/without https:\/\/ or a path/)
      } finally {
        process.env.ALLOW_PRIVATE_DESTINATIONS = 'true'
      }
    })

    it('waits for the bucket and retries a THROTTLED answer (HTTP 200)', async () => {
      // Slow to restore, so that the adapter's first request surely finds it empty.
      await start({ bucket: { maximumAvailable: 60, restoreRate: 10 } })
      const context = contextFor(shop)
      // Someone else (another process) empties the bucket in one request: Shopify then answers THROTTLED.
      const drain = await fetch(`${shop.origin}/admin/api/2026-01/graphql.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': TOKEN },
        body: JSON.stringify({
          query: `mutation { ${Array.from({ length: 6 }, (_, i) => `d${i}: articleDelete(id: "gid://shopify/Article/${i}") { deletedArticleId }`).join(' ')} }`,
        }),
      })
      expect(
        (
          (await drain.json()) as {
            extensions: { cost: { throttleStatus: { currentlyAvailable: number } } }
          }
        ).extensions.cost.throttleStatus.currentlyAvailable,
      ).toBe(0)
      const result = await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts' }),
        remote: null,
        idempotencyKey: key(),
      })
      expect(shop.articles.get(result.remoteId)).toBeDefined()
      expect(shop.stats.throttled).toBe(1)
    })

    it('paces a burst by throttleStatus instead of throwing it at the bucket', async () => {
      await start({ bucket: { maximumAvailable: 60, restoreRate: 40 } })
      const context = contextFor(shop)
      await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts' }),
        remote: null,
        idempotencyKey: key(),
      })
      // Now the bucket is known: 12 deliveries at once are paced, not thrown at it.
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          shopifyAdapter.publish(context, {
            document: sampleDocument({ collection: 'posts', id: 200 + i, slug: `burst-${i}` }),
            remote: null,
            idempotencyKey: key(),
          }),
        ),
      )
      expect(new Set(results.map((r) => r.remoteId)).size).toBe(12)
      expect(shop.articles.size).toBe(13)
      expect(shop.stats.throttled).toBe(0)
    })

    it('lists Shopify-side edits newest first down to the cursor, handed over oldest first, and maps them back', async () => {
      await start()
      const context = contextFor(shop)
      const a = await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts', id: 1, slug: 'a', title: 'A' }),
        remote: null,
        idempotencyKey: key(),
      })
      // Beyond the minute a listing reaches back for Shopify's search lag.
      shop.advance(120_000)
      const b = await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts', id: 2, slug: 'b', title: 'B' }),
        remote: null,
        idempotencyKey: key(),
      })
      const page = await shopifyAdapter.publish(context, {
        document: sampleDocument({
          collection: 'pages',
          id: 3,
          slug: 'p',
          title: 'P',
          categories: [],
          tags: [],
          featuredImage: null,
        }),
        remote: null,
        idempotencyKey: key(),
      })
      const list = async (collection: 'posts' | 'pages', since: string | null) => {
        const items: RemoteItem[] = []
        for await (const batch of shopifyAdapter.listChanges!(context, { collection, since }))
          items.push(...batch)
        return items
      }
      // Our own writes list exactly as publish returned them: no echo.
      const all = await list('posts', null)
      expect(all.map((item) => item.remoteId)).toEqual([a.remoteId, b.remoteId])
      expect(all.map(remoteHash)).toEqual([remoteHash(a.item!), remoteHash(b.item!)])
      expect((await list('posts', b.remoteModifiedAt)).map((item) => item.remoteId)).toEqual([
        b.remoteId,
      ])

      // A merchant edits A in the Shopify admin, later.
      shop.advance(2000)
      shop.editArticle(a.remoteId, {
        title: 'A, edited in Shopify',
        summary: '<p>New &amp; improved</p>',
        tags: ['Harbour', 'Edited'],
        isPublished: false,
      })
      const changed = await list('posts', b.remoteModifiedAt)
      expect(changed.map((item) => item.remoteId)).toEqual([b.remoteId, a.remoteId])
      expect(changed[1]).toMatchObject({
        title: 'A, edited in Shopify',
        excerpt: 'New & improved',
        tags: ['Harbour', 'Edited'],
        status: 'draft',
        slug: 'a',
        source: { collection: 'posts', id: 1 },
      })
      expect(remoteHash(changed[1]!)).not.toBe(remoteHash(a.item!))
      expect(
        await shopifyAdapter.getRemote!(context, { collection: 'posts', remoteId: a.remoteId }),
      ).toEqual(changed[1])

      shop.editPage(page.remoteId, { body: '<p>Edited page</p>' })
      const pages = await list('pages', page.remoteModifiedAt)
      expect(pages).toHaveLength(1)
      expect(pages[0]).toMatchObject({
        html: '<p>Edited page</p>',
        source: null,
        collection: 'pages',
      })

      await shopifyAdapter.unpublish(context, {
        document: {
          collection: 'posts',
          id: 1,
          slug: 'a',
          title: 'A',
          site: sampleDocument({ collection: 'posts' }).site,
        },
        remote: { id: a.remoteId, url: null, modifiedAt: null },
        action: 'delete',
        idempotencyKey: key(),
      })
      expect(
        await shopifyAdapter.getRemote!(context, { collection: 'posts', remoteId: a.remoteId }),
      ).toBeNull()
    })

    it('adopts its own copy after a lost answer even when Shopify’s search shows it late', async () => {
      await start({ searchLagMs: 1500 })
      const context = contextFor(shop)
      const document = sampleDocument({ collection: 'posts' })
      // The blog exists and is known, so that the next mutation is the create.
      await shopifyAdapter.testConnection(context)
      await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts', id: 7, slug: 'warm-up' }),
        remote: null,
        idempotencyKey: key(),
      })
      shop.script.push({ kind: 'commit-then-drop', field: 'articleCreate' })
      const lost = await rejection(
        shopifyAdapter.publish(context, { document, remote: null, idempotencyKey: key() }),
      )
      expect(lost.retryable).toBe(true)
      // The retry at once: the search does not show the copy yet, the create finds the handle taken.
      expect(await shopifyAdapter.findExisting!(context, document)).toBeNull()
      const early = await rejection(
        shopifyAdapter.publish(context, { document, remote: null, idempotencyKey: key() }),
      )
      expect(early.retryable).toBe(true)
      expect(early.message).toMatch(
        /Handle has already been taken \(TAKEN\); Shopify's search does not show what holds it yet/,
      )
      // A later retry adopts it.
      await new Promise((resolve) => setTimeout(resolve, 1600))
      const found = await shopifyAdapter.findExisting!(context, document)
      expect(found).not.toBeNull()
      await shopifyAdapter.publish(context, {
        document,
        remote: { id: found!.remoteId, url: null, modifiedAt: null },
        idempotencyKey: key(),
      })
      expect([...shop.articles.values()].filter((a) => a.handle === document.slug)).toHaveLength(1)
    })

    it('adopts on TAKEN when the search shows its own copy that findExisting missed', async () => {
      await start({ searchLagMs: 300 })
      const context = contextFor(shop)
      const document = sampleDocument({ collection: 'posts' })
      await shopifyAdapter.publish(context, {
        document: sampleDocument({ collection: 'posts', id: 7, slug: 'warm-up' }),
        remote: null,
        idempotencyKey: key(),
      })
      shop.script.push({ kind: 'commit-then-drop', field: 'articleCreate' })
      await rejection(
        shopifyAdapter.publish(context, { document, remote: null, idempotencyKey: key() }),
      )
      await new Promise((resolve) => setTimeout(resolve, 350))
      // Published without looking first (as a record that knew nothing and an adapter without the lookup would).
      const result = await shopifyAdapter.publish(context, {
        document: { ...document, title: 'Second try' },
        remote: null,
        idempotencyKey: key(),
      })
      const copies = [...shop.articles.values()].filter((a) => a.handle === document.slug)
      expect(copies).toHaveLength(1)
      expect(copies[0]).toMatchObject({ id: result.remoteId, title: 'Second try' })
    })

    it('pages through more than one listing page', async () => {
      await start()
      const context = contextFor(shop)
      for (let i = 0; i < 55; i++)
        await shopifyAdapter.publish(context, {
          document: sampleDocument({
            collection: 'posts',
            id: 300 + i,
            slug: `many-${i}`,
            featuredImage: null,
          }),
          remote: null,
          idempotencyKey: key(),
        })
      const batches: RemoteItem[][] = []
      for await (const batch of shopifyAdapter.listChanges!(context, {
        collection: 'posts',
        since: null,
      }))
        batches.push(batch)
      const items = batches.flat()
      expect(items).toHaveLength(55)
      expect(new Set(items.map((item) => item.remoteId)).size).toBe(55)
      for (let i = 1; i < items.length; i++)
        expect(Date.parse(items[i]!.modifiedAt)).toBeGreaterThanOrEqual(
          Date.parse(items[i - 1]!.modifiedAt),
        )
    })
  })
})
