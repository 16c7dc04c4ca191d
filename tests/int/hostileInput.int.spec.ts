/**
 * Hostile input answered with a 4xx and a sentence, never a 500: ids out of range, malformed or
 * wrong-typed in routes, queries and bodies, over REST and GraphQL, on the content collections
 * and on every plugin endpoint.
 */
import type { ApiResponse } from '../helpers/rest'

import { startWorld, type TestApp } from '../helpers/app'
import { lexicalParagraph, type World } from '../helpers/fixtures'

const COLLECTIONS = [
  'pages',
  'posts',
  'media',
  'categories',
  'tags',
  'sites',
  'users',
  'integrations',
  'publishing-records',
  'publishing-rules',
]
const OUT_OF_RANGE = ['99999999999', '0']
const MALFORMED = ['abc', '1e3', '0x10', ' 1', '-1', '1.5']

let app: TestApp
let world: World

beforeAll(async () => {
  ;({ app, world } = await startWorld())
})
afterAll(() => app.close())

let counter = 0
const path = (id: string) => encodeURIComponent(id)

/** A 4xx whose first error is a sentence (not Payload's bare "Not Found" or "Something went wrong."). */
const expectSentence = (res: ApiResponse, statuses: number[]) => {
  const message: string = res.body.errors?.[0]?.message ?? ''
  expect({ status: statuses.includes(res.status), message }).toEqual({
    status: true,
    message: expect.stringMatching(/\w+ \w+ \w+.*\./),
  })
}

describe.each(COLLECTIONS)('/api/%s/:id', (collection) => {
  it.each(OUT_OF_RANGE)(
    'answers 404 with a sentence for GET, PATCH and DELETE of id %p',
    async (id) => {
      const auth = world.actors.admin
      for (const res of [
        await app.api.get(`/${collection}/${path(id)}`, { auth }),
        await app.api.patch(`/${collection}/${path(id)}`, { auth, body: { title: 'x' } }),
        await app.api.delete(`/${collection}/${path(id)}`, { auth }),
      ]) {
        expect(res.status === 404 || (res.status === 400 && id === '0')).toBe(true)
        expectSentence(res, [400, 404])
      }
    },
  )

  it.each(MALFORMED)(
    'answers 400 with a sentence for GET, PATCH and DELETE of id %p',
    async (id) => {
      const auth = world.actors.admin
      for (const res of [
        await app.api.get(`/${collection}/${path(id)}`, { auth }),
        await app.api.patch(`/${collection}/${path(id)}`, { auth, body: { title: 'x' } }),
        await app.api.delete(`/${collection}/${path(id)}`, { auth }),
      ]) {
        expectSentence(res, [400])
      }
    },
  )

  it('answers 400 with a sentence for ids past 32 bits in where', async () => {
    const auth = world.actors.admin
    for (const query of [
      'where[id][equals]=99999999999',
      'where[id][in]=1,99999999999',
      'where[or][0][id][equals]=1.5',
    ]) {
      expectSentence(await app.api.get(`/${collection}?${query}`, { auth }), [400])
    }
  })
})

describe('malformed queries', () => {
  it.each([
    'where=abc',
    'where[or]=abc',
    'where[title]=abc',
    'where[id][near]=1,2',
    'where[site][within]=1',
    'page=-1',
    'page=0',
  ])('%s answers 400 with a sentence on pages and posts', async (query) => {
    for (const collection of ['pages', 'posts']) {
      expectSentence(
        await app.api.get(`/${collection}?${query}`, { auth: world.actors.admin }),
        [400],
      )
    }
  })
})

describe('relationship values in bodies', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['site past 32 bits', 'pages', { site: 99999999999 }],
    ['parent past 32 bits', 'pages', { parent: 99999999999 }],
    ['site as a list', 'pages', { site: [1] }],
    ['site as an object', 'pages', { site: { evil: true } }],
    ['site as text', 'pages', { site: 'abc' }],
    ['categories past 32 bits', 'posts', { categories: [99999999999] }],
    ['categories not a list', 'posts', { categories: 'x' }],
    ['logo past 32 bits', 'sites', { settings: { logo: 99999999999 } }],
    ['a site that does not exist, in a draft', 'pages', { site: 424242 }],
  ]

  it.each(cases)(
    '%s answers 400 with a sentence on create and update',
    async (_label, collection, extra) => {
      const auth = world.actors.admin
      const base =
        collection === 'sites' ? { name: 'Hostile' } : { title: 'Hostile', site: world.siteA }
      const created = await app.api.post(`/${collection}`, { auth, body: { ...base, ...extra } })
      expectSentence(created, [400])
      const target =
        collection === 'sites'
          ? world.siteA
          : (
              await app.payload.create({
                collection: collection as 'pages',
                data: {
                  title: `Target ${++counter}`,
                  site: world.siteA,
                  content: lexicalParagraph('x'),
                },
              })
            ).id
      expectSentence(
        await app.api.patch(`/${collection}/${target}?draft=true`, { auth, body: extra }),
        [400],
      )
    },
  )

  it('still accepts ids in range, written as numbers', async () => {
    const auth = world.actors.admin
    for (const site of [world.siteA, world.siteB]) {
      const res = await app.api.post('/pages', { auth, body: { title: `Fine ${++counter}`, site } })
      expect({ site, status: res.status, errors: res.body.errors }).toEqual({
        site,
        status: 201,
        errors: undefined,
      })
    }
  })
})

describe('plugin endpoints', () => {
  const endpoints = [
    (id: string) =>
      app.api.post(`/integrations/${path(id)}/test-connection`, { auth: world.actors.admin }),
    (id: string) => app.api.post(`/integrations/${path(id)}/sync`, { auth: world.actors.admin }),
    (id: string) => app.api.delete(`/integrations/${path(id)}`, { auth: world.actors.admin }),
    (id: string) =>
      app.api.post(`/publishing-records/${path(id)}/retry`, { auth: world.actors.admin }),
    (id: string) =>
      app.api.post(`/publishing-records/${path(id)}/resolve`, {
        auth: world.actors.admin,
        body: { keep: 'local' },
      }),
  ]

  it.each(OUT_OF_RANGE)('answer 404 with a sentence for id %p', async (id) => {
    for (const call of endpoints) {
      const res = await call(id)
      expect(res.status).toBe(404)
      expect(res.body.errors[0].message).toMatch(/does not exist\.$/)
    }
  })

  it.each(MALFORMED)('answer 400 with a sentence for id %p', async (id) => {
    for (const call of endpoints) {
      const res = await call(id)
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toMatch(/is not a valid id: write it as a whole number/)
    }
  })

  it.each([
    [{ collection: 'pages', id: 99999999999 }, 404],
    [{ collection: 'pages', id: '1e3' }, 400],
    [{ collection: 'pages', id: { evil: 1 } }, 400],
    [{ collection: 'pages', id: [1] }, 400],
    [{ collection: ['pages'], id: 1 }, 400],
    [{ collection: 'pages', id: 1, integrations: [99999999999] }, 400],
    [{ collection: 'pages', id: 1, integrations: { 0: 1 } }, 400],
    [{ collection: 'pages', id: 1, integrations: [{ id: 1 }] }, 400],
  ])('publish answers a 4xx with a sentence for %j', async (body, status) => {
    const res = await app.api.post('/publishing/publish', { auth: world.actors.admin, body })
    expect(res.status).toBe(status)
    expect(res.body.errors[0].message).toMatch(/\w+ \w+.*\./)
  })
})

describe('GraphQL', () => {
  it.each([
    '{ Page(id: 99999999999) { id } }',
    '{ Pages(where: { id: { equals: 99999999999 } }) { docs { id } } }',
    '{ Pages(where: { site: { equals: 99999999999 } }) { docs { id } } }',
    '{ Posts(where: { categories: { in: [99999999999] } }) { docs { id } } }',
  ])('refuses %s with a message, not a 500', async (query) => {
    const res = await app.api.graphql(query, { auth: world.actors.admin })
    const errors: { message: string; extensions?: { statusCode?: number } }[] =
      res.body.errors ?? []
    expect(errors.length).toBeGreaterThan(0)
    for (const error of errors) {
      expect(error.message).not.toBe('Something went wrong.')
      expect(error.extensions?.statusCode ?? 400).toBeLessThan(500)
    }
  })
})

describe('uploads', () => {
  it('answers 413 with a sentence for a file over the upload limit', async () => {
    const form = new FormData()
    form.append(
      'file',
      new Blob([new Uint8Array(21 * 1024 * 1024)], { type: 'image/png' }),
      'huge.png',
    )
    form.append('_payload', JSON.stringify({ alt: 'Too big', site: world.siteA }))
    const res = await app.api.post('/media', { auth: world.actors.admin, form })
    expect(res.status).toBe(413)
    expect(res.body.errors[0].message).toBe(
      'The file is larger than 20 MiB, the most an upload may be. Make it smaller and upload it again.',
    )
    expect(
      (await app.payload.count({ collection: 'media', where: { alt: { equals: 'Too big' } } }))
        .totalDocs,
    ).toBe(0)
  })
})
