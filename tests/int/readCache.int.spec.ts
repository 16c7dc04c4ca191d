import type { Payload } from 'payload'

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { NextRequest } from 'next/server'
import pg from 'pg'

import { startListener } from '@/plugins/readCache/listener'
import { cachedGraphqlPost, cachedRestGet } from '@/plugins/readCache/routes'
import { runtimeOf } from '@/plugins/readCache/runtime'
import { ReadCacheStore } from '@/plugins/readCache/store'
import { proxy } from '@/proxy'

import { startWorld, type TestApp } from '../helpers/app'
import { pngFile, type World } from '../helpers/fixtures'
import { type Auth } from '../helpers/rest'

let app: TestApp
let world: World
let payload: Payload
let site: number
let post: number
let category: number
let media: number

type Read = { status: number; text: string; json: any; headers: Headers }

const authHeaders = (auth: Auth | undefined, extra: Record<string, string> = {}): Headers => {
  const headers = new Headers(extra)
  if (auth && 'token' in auth) headers.set('Authorization', `JWT ${auth.token}`)
  if (auth && 'apiKey' in auth) headers.set('Authorization', `users API-Key ${auth.apiKey}`)
  return headers
}

/** A GET through the app's REST route handler, headers and all. */
const get = async (path: string, auth?: Auth, extra?: Record<string, string>): Promise<Read> => {
  const url = new URL(`http://localhost/api${path}`)
  const slug = url.pathname
    .replace(/^\/api\//, '')
    .split('/')
    .map(decodeURIComponent)
  const response = await cachedRestGet(app.config)(
    new Request(url, { headers: authHeaders(auth, extra) }),
    { params: Promise.resolve({ slug }) },
  )
  const text = await response.text()
  return {
    status: response.status,
    text,
    json: text ? JSON.parse(text) : null,
    headers: response.headers,
  }
}

const graphql = async (
  query: string,
  auth?: Auth,
  extra: Record<string, string> = {},
): Promise<Read> => {
  const headers = authHeaders(auth, { 'Content-Type': 'application/json', ...extra })
  const response = await cachedGraphqlPost(app.config)(
    new Request('http://localhost/api/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query }),
    }),
  )
  const text = await response.text()
  return { status: response.status, text, json: JSON.parse(text), headers: response.headers }
}

const cacheOf = (read: Read) => read.headers.get('x-read-cache')
const servedBy = (response: Response) => response.headers.get('x-read-cache')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const waitListening = async () => {
  for (let i = 0; i < 100; i++) {
    const stats = await get('/read-cache', world.actors.admin)
    if (stats.json.listening) return
    await sleep(50)
  }
  throw new Error('the read cache never started listening')
}

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  payload = app.payload
  site = world.siteA
  category = (await payload.create({ collection: 'categories', data: { name: 'News', site } })).id
  media = (
    await payload.create({
      collection: 'media',
      data: { alt: 'A blue square', site },
      file: await pngFile(),
    })
  ).id
  post = (
    await payload.create({
      collection: 'posts',
      data: {
        title: 'Cached post',
        site,
        _status: 'published',
        categories: [category],
        featuredImage: media,
      },
    })
  ).id
  await waitListening()
})

afterAll(async () => {
  await app?.close()
})

describe('the read cache', () => {
  it('answers a repeated anonymous read from memory with the same bytes', async () => {
    const first = await get('/posts?limit=10&depth=1')
    const second = await get('/posts?depth=1&limit=10')
    expect(first.status).toBe(200)
    expect(cacheOf(first)).toBe('miss')
    expect(cacheOf(second)).toBe('hit')
    expect(second.text).toBe(first.text)
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
  })

  it('answers fresh after the document, its category, its media and its site change', async () => {
    const path = `/posts/${post}?depth=1`
    await get(path)
    expect(cacheOf(await get(path))).toBe('hit')

    await payload.update({ collection: 'posts', id: post, data: { title: 'Renamed post' } })
    expect((await get(path)).json.title).toBe('Renamed post')

    await get(path)
    await payload.update({ collection: 'categories', id: category, data: { name: 'Breaking' } })
    expect((await get(path)).json.categories[0].name).toBe('Breaking')

    await payload.update({ collection: 'media', id: media, data: { alt: 'A red square' } })
    expect((await get(path)).json.featuredImage.alt).toBe('A red square')

    await get(path)
    await payload.update({ collection: 'sites', id: site, data: { name: 'Site A renamed' } })
    expect((await get(path)).json.site.name).toBe('Site A renamed')
    expect((await get(`/sites/${site}?depth=0`)).json.name).toBe('Site A renamed')
  })

  it('shows a new or unpublished document in the listings at once', async () => {
    const path = `/posts?depth=0&limit=100&where[site][equals]=${site}`
    const titles = async () =>
      (await get(path)).json.docs.map((doc: { title: string }) => doc.title)
    await titles()
    const added = await payload.create({
      collection: 'posts',
      data: { title: 'Newcomer', site, _status: 'published' },
    })
    expect(await titles()).toContain('Newcomer')
    await payload.update({ collection: 'posts', id: added.id, data: { _status: 'draft' } })
    expect(await titles()).not.toContain('Newcomer')
    await payload.delete({ collection: 'posts', id: added.id })
    expect(await titles()).not.toContain('Newcomer')
  })

  it('follows a listing filtered through a relationship when the related document changes', async () => {
    const path = `/posts?depth=0&where[categories.name][equals]=Politics`
    expect((await get(path)).json.totalDocs).toBe(0)
    await payload.update({ collection: 'categories', id: category, data: { name: 'Politics' } })
    expect((await get(path)).json.totalDocs).toBe(1)
  })

  it('answers GraphQL queries from memory and never keeps a mutation', async () => {
    const query = '{ Posts(limit: 10) { docs { id title } } }'
    await graphql(query)
    const hit = await graphql(query)
    expect(cacheOf(hit)).toBe('hit')
    await payload.update({ collection: 'posts', id: post, data: { title: 'Through GraphQL' } })
    const fresh = await graphql(query)
    expect(cacheOf(fresh)).toBe('miss')
    expect(fresh.json.data.Posts.docs.map((doc: { title: string }) => doc.title)).toContain(
      'Through GraphQL',
    )
    const mutation = `mutation { updatePosts(id: ${post}, data: { title: "x" }) { id } }`
    expect(cacheOf(await graphql(mutation))).toBe('bypass')
  })

  it('gives a signed-in editor the draft while the public keeps the published answer', async () => {
    const path = `/posts/${post}?depth=0`
    const published = (await get(path)).json.title
    await payload.update({
      collection: 'posts',
      id: post,
      data: { title: 'Unpublished edit' },
      draft: true,
    })
    const anonymous = await get(path)
    expect(anonymous.json.title).toBe(published)
    expect(cacheOf(await get(path))).toBe('hit')
    const editor = await get(`${path}&draft=true`, world.actors.editorA)
    expect(editor.json.title).toBe('Unpublished edit')
    expect(cacheOf(editor)).toBe('bypass')
    expect(editor.headers.get('cache-control')).toBe('private, no-cache')
    // An anonymous draft=true is never answered from memory either.
    expect(cacheOf(await get(`${path}&draft=true`))).toBe('bypass')
  })

  it('never shares an API key answer with the public', async () => {
    const path = `/categories?depth=0&limit=5`
    await get(path)
    expect(cacheOf(await get(path))).toBe('hit')
    const keyed = await get(path, world.actors.apiKey)
    expect(cacheOf(keyed)).toBe('miss')
    expect(cacheOf(await get(path, world.actors.apiKey))).toBe('hit')
    expect(keyed.headers.get('cache-control')).toBe('private, no-cache')
    // An unknown key is not a reader class: Payload answers it, every time.
    const unknown = { apiKey: 'not-a-key-anyone-has' }
    expect(cacheOf(await get(path, unknown))).toBe('bypass')
    expect(cacheOf(await get(path, unknown))).toBe('bypass')
  })

  it('answers 304 to a matching If-None-Match, with caching headers per reader class', async () => {
    const path = `/posts?limit=1&depth=0`
    const first = await get(path)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/)
    expect(first.headers.get('cache-control')).toBe('public, no-cache')
    expect(first.headers.get('vary')).toMatch(/Authorization.*Cookie.*Accept-Encoding/)
    const again = await get(path, undefined, { 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.text).toBe('')
    expect((await get(path, undefined, { 'If-None-Match': '"other"' })).status).toBe(200)
    const admin = await get(path, world.actors.admin)
    expect(admin.headers.get('cache-control')).toBe('private, no-cache')
    expect(admin.headers.get('etag')).toBeTruthy()
    const missing = await get('/posts/999999')
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBe('no-store')
  })

  it('shows its figures to admins only', async () => {
    expect((await get('/read-cache')).status).toBe(401)
    expect((await get('/read-cache', world.actors.editorA)).status).toBe(403)
    expect((await get('/read-cache', world.actors.apiKey)).status).toBe(403)
    const stats = await get('/read-cache', world.actors.admin)
    expect(stats.status).toBe(200)
    expect(stats.json.hits).toBeGreaterThan(0)
    expect(stats.json.bytes).toBeLessThanOrEqual(stats.json.maxBytes)
  })

  it('answers an anonymous repeat in the proxy, before the route, and never a stale one', async () => {
    const path = `/posts/${post}?depth=0&select[title]=true`
    const url = `http://localhost/api${path}`
    const throughProxy = (headers: Record<string, string> = {}, method = 'GET') =>
      proxy(new NextRequest(url, { headers, method }))
    // A URL the route has not planned yet goes on to the route.
    expect(servedBy(await throughProxy())).toBeNull()
    const first = await get(path)
    const hit = await throughProxy()
    expect(servedBy(hit)).toBe('hit')
    expect(await hit.text()).toBe(first.text)
    expect(hit.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(hit.headers.get('cache-control')).toBe('public, no-cache')
    const notModified = await throughProxy({ 'If-None-Match': first.headers.get('etag')! })
    expect(notModified.status).toBe(304)
    // Editors, API keys and anything but a read always reach the route.
    const cookie = `${payload.config.cookiePrefix}-token=anything`
    expect(servedBy(await throughProxy({ Cookie: cookie }))).toBeNull()
    expect(servedBy(await throughProxy({ Authorization: 'users API-Key x' }))).toBeNull()
    expect(servedBy(await throughProxy({}, 'DELETE'))).toBeNull()
    // After a change the proxy steps aside until the route has stored the new answer.
    await payload.update({
      collection: 'posts',
      id: post,
      data: { title: 'Seen by the proxy', _status: 'published' },
    })
    expect(servedBy(await throughProxy())).toBeNull()
    const renamed = await get(path)
    expect(renamed.json.title).toBe('Seen by the proxy')
    const fresh = await throughProxy()
    expect(servedBy(fresh)).toBe('hit')
    expect(JSON.parse(await fresh.text()).title).toBe('Seen by the proxy')
  })

  it("answers an anonymous GraphQL query in the proxy with the route's bytes, never a mutation or a signed-in reader", async () => {
    const query = `{ Posts(where: { id: { equals: ${post} } }) { docs { id title } } }`
    const throughProxy = (text: string, headers: Record<string, string> = {}) => {
      const body = JSON.stringify({ query: text })
      return proxy(
        new NextRequest('http://localhost/api/graphql', {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(body)),
            ...headers,
          },
          body,
        }),
      )
    }
    // A query the route has not answered yet goes on to the route.
    expect(servedBy(await throughProxy(query))).toBeNull()
    const first = await graphql(query)
    expect(cacheOf(first)).toBe('miss')
    const hit = await throughProxy(query)
    expect(servedBy(hit)).toBe('hit')
    expect(await hit.text()).toBe(first.text)
    expect(hit.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(hit.headers.get('content-type')).toBe(first.headers.get('content-type'))
    expect(hit.headers.get('cache-control')).toBe('public, no-cache')
    // Another spelling of the body, or another Accept, is not that request.
    expect(servedBy(await throughProxy(`${query} `))).toBeNull()
    expect(servedBy(await throughProxy(query, { Accept: 'application/json' }))).toBeNull()
    // A signed-in editor, a session cookie and an API key always reach the route.
    const editor = world.actors.editorA as { token: string }
    expect(servedBy(await throughProxy(query, { Authorization: `JWT ${editor.token}` }))).toBeNull()
    const cookie = `${payload.config.cookiePrefix}-token=${editor.token}`
    expect(servedBy(await throughProxy(query, { Cookie: cookie }))).toBeNull()
    expect(servedBy(await throughProxy(query, { Authorization: 'users API-Key x' }))).toBeNull()
    // A mutation is never answered from memory, however often it was sent.
    const mutation = `mutation { updatePosts(id: ${post}, data: { title: "From a mutation" }) { id } }`
    expect(cacheOf(await graphql(mutation))).toBe('bypass')
    expect(servedBy(await throughProxy(mutation))).toBeNull()
    // After a change the proxy steps aside until the route has stored the new answer.
    await payload.update({
      collection: 'posts',
      id: post,
      data: { title: 'Seen by GraphQL', _status: 'published' },
    })
    expect(servedBy(await throughProxy(query))).toBeNull()
    const renamed = await graphql(query)
    expect(renamed.json.data.Posts.docs[0].title).toBe('Seen by GraphQL')
    const fresh = await throughProxy(query)
    expect(servedBy(fresh)).toBe('hit')
    expect(await fresh.text()).toBe(renamed.text)
  })

  it("never answers a GraphQL query from memory in a media type the reader's Accept refuses", async () => {
    const query = '{ Categories(limit: 5) { docs { id name } } }'
    const plain = await graphql(query, undefined, { Accept: 'application/json' })
    expect(cacheOf(plain)).toBe('miss')
    expect(cacheOf(await graphql(query, undefined, { Accept: 'application/json' }))).toBe('hit')
    // Payload (graphql-http) answers this reader in the GraphQL-over-HTTP media type.
    const spec = await graphql(query, undefined, { Accept: 'application/graphql-response+json' })
    expect(cacheOf(spec)).not.toBe('hit')
    expect(spec.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/)
    expect(spec.json).toEqual(plain.json)
  })

  it("with the cache off, hands an anonymous read in the proxy to the route's own handler, and nothing else", async () => {
    const options = runtimeOf(payload)!.options as { enabled: boolean }
    const path = `/posts/${post}?depth=0&select[slug]=true&select[title]=true`
    const url = `http://localhost/api${path}`
    const throughProxy = (headers: Record<string, string> = {}, target = url, method = 'GET') =>
      proxy(new NextRequest(target, { headers, method }))
    const query = `{ Posts(where: { id: { equals: ${post} } }) { docs { id slug } } }`
    const body = JSON.stringify({ query })
    const graphqlThroughProxy = () =>
      proxy(
        new NextRequest('http://localhost/api/graphql', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) },
          body,
        }),
      )
    options.enabled = false
    try {
      const viaRoute = await get(path)
      expect(cacheOf(viaRoute)).toBe('bypass')
      const viaProxy = await throughProxy()
      expect(servedBy(viaProxy)).toBe('bypass')
      expect(viaProxy.status).toBe(200)
      expect(await viaProxy.text()).toBe(viaRoute.text)
      expect(viaProxy.headers.get('etag')).toBe(viaRoute.headers.get('etag'))
      expect(viaProxy.headers.get('cache-control')).toBe('public, no-cache')
      const notModified = await throughProxy({ 'If-None-Match': viaRoute.headers.get('etag')! })
      expect(notModified.status).toBe(304)
      const graphqlViaRoute = await graphql(query)
      const graphqlViaProxy = await graphqlThroughProxy()
      expect(servedBy(graphqlViaProxy)).toBe('bypass')
      expect(await graphqlViaProxy.text()).toBe(graphqlViaRoute.text)
      // Signed-in readers, API keys, other collections, Payload's own endpoints and writes go on.
      const editor = world.actors.editorA as { token: string }
      expect(servedBy(await throughProxy({ Authorization: `JWT ${editor.token}` }))).toBeNull()
      const cookie = `${payload.config.cookiePrefix}-token=${editor.token}`
      expect(servedBy(await throughProxy({ Cookie: cookie }))).toBeNull()
      expect(servedBy(await throughProxy({ Authorization: 'users API-Key x' }))).toBeNull()
      expect(servedBy(await throughProxy({}, 'http://localhost/api/users/me'))).toBeNull()
      expect(
        servedBy(await throughProxy({}, `http://localhost/api/posts/${post}/versions`)),
      ).toBeNull()
      expect(servedBy(await throughProxy({}, url, 'DELETE'))).toBeNull()
    } finally {
      options.enabled = true
    }
    // With the cache on, a URL the route has not planned goes on to the route again.
    expect(servedBy(await throughProxy({}, `${url}&depth=1`))).toBeNull()
  })

  it('reaches another instance through PostgreSQL NOTIFY within a second', async () => {
    // A second instance's cache: its own store and its own listening connection to the database.
    const other = new ReadCacheStore(1024 * 1024)
    const stop = startListener(
      'other',
      { connectionString: app.databaseUri },
      other,
      payload.logger,
    )
    try {
      for (let i = 0; other.listening === false && i < 100; i++) await sleep(20)
      expect(other.listening).toBe(true)
      const startedAt = other.now()
      other.set('k', {
        body: Buffer.from('{}'),
        etag: '"e"',
        headers: [],
        dependencies: ['posts'],
        startedAt,
      })
      expect(other.get('k')).toBeDefined()
      const changedAt = Date.now()
      await payload.update({ collection: 'posts', id: post, data: { title: 'Elsewhere' } })
      while (!other.changedSince(['posts'], startedAt) && Date.now() - changedAt < 1000)
        await sleep(5)
      expect(Date.now() - changedAt).toBeLessThan(1000)
      expect(other.get('k')).toBeUndefined()
      // A rolled-back write announces nothing.
      const before = other.now()
      const client = new pg.Client({ connectionString: app.databaseUri })
      await client.connect()
      await client.query('begin')
      await client.query(`select pg_notify('syndicate_read_cache', 'someone:pages')`)
      await client.query('rollback')
      await client.end()
      await sleep(200)
      expect(other.changedSince(['pages'], before)).toBe(false)
    } finally {
      await stop()
    }
  })
})

describe('the memory bound', () => {
  it('evicts the least recently used answers to stay under it', () => {
    const store = new ReadCacheStore(20_000)
    store.listening = true
    for (let i = 0; i < 50; i++)
      store.set(`key ${i}`, {
        body: Buffer.alloc(1000, 'a'),
        etag: '"e"',
        headers: [],
        dependencies: ['posts'],
        startedAt: store.now(),
      })
    const stats = store.stats()
    expect(stats.bytes).toBeLessThanOrEqual(20_000)
    expect(stats.evictions).toBeGreaterThan(0)
    expect(store.get('key 49')).toBeDefined()
    expect(store.get('key 0')).toBeUndefined()
  })
})
