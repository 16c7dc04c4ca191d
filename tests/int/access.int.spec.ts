/**
 * Who may do what, over REST and over GraphQL: admin, an editor of site A, an editor of site B,
 * an anonymous reader and a headless consumer with an API key, against documents of site A.
 */
import type { CollectionSlug } from 'payload'

import type { ApiResponse, Auth } from '../helpers/rest'

import { startWorld, type TestApp } from '../helpers/app'
import { lexicalParagraph, pngFile, type World } from '../helpers/fixtures'

type Actor = keyof World['actors']
type Op = 'read' | 'create' | 'update' | 'delete'
const ACTORS: Actor[] = ['admin', 'editorA', 'editorB', 'anonymous', 'apiKey']

/** Who succeeds at each operation on a document of site A; everyone else must be refused. */
const ALLOWED: Record<'sites' | 'pages' | 'posts' | 'media' | 'categories', Record<Op, Actor[]>> = {
  sites: {
    read: ACTORS,
    create: ['admin'],
    update: ['admin', 'editorA'],
    delete: ['admin'],
  },
  pages: {
    read: ACTORS, // a published page
    create: ['admin', 'editorA'],
    update: ['admin', 'editorA'],
    delete: ['admin', 'editorA'],
  },
  posts: {
    read: ACTORS,
    create: ['admin', 'editorA'],
    update: ['admin', 'editorA'],
    delete: ['admin', 'editorA'],
  },
  media: {
    read: ACTORS,
    create: ['admin', 'editorA'],
    update: ['admin', 'editorA'],
    delete: ['admin', 'editorA'],
  },
  categories: {
    read: ACTORS,
    create: ['admin', 'editorA'],
    update: ['admin', 'editorA'],
    delete: ['admin', 'editorA'],
  },
}

let app: TestApp
let world: World

beforeAll(async () => {
  ;({ app, world } = await startWorld())
})
afterAll(() => app.close())

let counter = 0
const unique = (label: string) => `${label} ${++counter}`

/** A fresh document of site A (a throwaway site, for `sites`), made with full access. */
const makeTarget = async (collection: keyof typeof ALLOWED): Promise<number> => {
  const { payload } = app
  const site = world.siteA
  switch (collection) {
    case 'sites':
      return (await payload.create({ collection, data: { name: unique('Throwaway site') } })).id
    case 'pages':
    case 'posts':
      return (
        await payload.create({
          collection,
          data: {
            title: unique('Published'),
            site,
            _status: 'published',
            content: lexicalParagraph('Hi'),
          },
        })
      ).id
    case 'media':
      return (
        await payload.create({
          collection,
          data: { alt: unique('Alt'), site },
          file: await pngFile(),
        })
      ).id
    case 'categories':
      return (await payload.create({ collection, data: { name: unique('Category'), site } })).id
  }
}

/** Editors may update their own site, so site A itself is the target there. */
const makeUpdateTarget = (collection: keyof typeof ALLOWED): Promise<number> =>
  collection === 'sites' ? Promise.resolve(world.siteA) : makeTarget(collection)

const exists = async (collection: CollectionSlug, id: number): Promise<boolean> =>
  (await app.payload.count({ collection, where: { id: { equals: id } } })).totalDocs === 1

const createBody = (collection: keyof typeof ALLOWED) => {
  const name = unique('New')
  return collection === 'sites'
    ? { name }
    : collection === 'categories'
      ? { name, site: world.siteA }
      : { title: name, site: world.siteA, _status: 'published' }
}

const updateBody = (collection: keyof typeof ALLOWED) =>
  collection === 'sites'
    ? { settings: { tagline: unique('Tagline') } }
    : collection === 'media'
      ? { alt: unique('Changed alt') }
      : collection === 'categories'
        ? { name: unique('Renamed') }
        : { title: unique('Changed title') }

const succeeded = (res: ApiResponse) => res.status >= 200 && res.status < 300

describe.each(Object.keys(ALLOWED) as (keyof typeof ALLOWED)[])('REST %s', (collection) => {
  const rules = ALLOWED[collection]

  it.each(ACTORS)('read by %s', async (actor) => {
    const id = await makeTarget(collection)
    const res = await app.api.get(`/${collection}/${id}`, { auth: world.actors[actor] })
    expect(succeeded(res)).toBe(rules.read.includes(actor))
  })

  it.each(ACTORS)('create by %s', async (actor) => {
    const auth = world.actors[actor]
    let res: ApiResponse
    if (collection === 'media') {
      const form = new FormData()
      const file = await pngFile('upload.png')
      form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mimetype }), file.name)
      form.append('_payload', JSON.stringify({ alt: unique('Uploaded'), site: world.siteA }))
      res = await app.api.post(`/${collection}`, { auth, form })
    } else {
      res = await app.api.post(`/${collection}`, { auth, body: createBody(collection) })
    }
    if (rules.create.includes(actor)) {
      expect(res.status).toBe(201)
      expect(await exists(collection, res.body.doc.id)).toBe(true)
    } else {
      expect(res.status).toBe(403)
    }
  })

  it.each(ACTORS)('update by %s', async (actor) => {
    const id = await makeUpdateTarget(collection)
    const before = await app.payload.findByID({ collection, id, depth: 0 })
    const body = updateBody(collection)
    const res = await app.api.patch(`/${collection}/${id}`, { auth: world.actors[actor], body })
    const after = await app.payload.findByID({ collection, id, depth: 0 })
    if (rules.update.includes(actor)) {
      expect(res.status).toBe(200)
      expect(after).toMatchObject(body)
    } else {
      expect([403, 404]).toContain(res.status)
      expect(after.updatedAt).toBe(before.updatedAt)
    }
  })

  it.each(ACTORS)('delete by %s', async (actor) => {
    const id = await makeTarget(collection)
    const res = await app.api.delete(`/${collection}/${id}`, { auth: world.actors[actor] })
    expect(succeeded(res)).toBe(rules.delete.includes(actor))
    expect(await exists(collection, id)).toBe(!rules.delete.includes(actor))
  })
})

/** GraphQL names: singular type for reads and mutations. Uploads are created over REST only. */
const GRAPHQL = {
  sites: { one: 'Site', suffix: 'Site' },
  pages: { one: 'Page', suffix: 'Page' },
  posts: { one: 'Post', suffix: 'Post' },
  media: { one: 'Media', suffix: 'Media' },
  categories: { one: 'Category', suffix: 'Category' },
} as const

const gqlInput = (value: Record<string, unknown>): string =>
  `{ ${Object.entries(value)
    .map(([key, v]) =>
      key === '_status'
        ? `${key}: ${String(v)}`
        : typeof v === 'object' && v !== null
          ? `${key}: ${gqlInput(v as Record<string, unknown>)}`
          : `${key}: ${JSON.stringify(v)}`,
    )
    .join(', ')} }`

describe.each(Object.keys(ALLOWED) as (keyof typeof ALLOWED)[])('GraphQL %s', (collection) => {
  const rules = ALLOWED[collection]
  const names = GRAPHQL[collection]
  const run = (query: string, auth: Auth) => app.api.graphql(query, { auth })
  const worked = (res: ApiResponse, field: string) =>
    !res.body.errors && Boolean(res.body.data?.[field])

  it.each(ACTORS)('read by %s', async (actor) => {
    const id = await makeTarget(collection)
    const res = await run(`{ ${names.one}(id: ${id}) { id } }`, world.actors[actor])
    expect(worked(res, names.one)).toBe(rules.read.includes(actor))
  })

  if (collection !== 'media') {
    it.each(ACTORS)('create by %s', async (actor) => {
      const field = `create${names.suffix}`
      const res = await run(
        `mutation { ${field}(data: ${gqlInput(createBody(collection))}) { id } }`,
        world.actors[actor],
      )
      expect(worked(res, field)).toBe(rules.create.includes(actor))
    })
  }

  it.each(ACTORS)('update by %s', async (actor) => {
    const id = await makeUpdateTarget(collection)
    const field = `update${names.suffix}`
    const body = updateBody(collection)
    const res = await run(
      `mutation { ${field}(id: ${id}, data: ${gqlInput(body)}) { id } }`,
      world.actors[actor],
    )
    expect(worked(res, field)).toBe(rules.update.includes(actor))
    const after = await app.payload.findByID({ collection, id, depth: 0 })
    if (rules.update.includes(actor)) expect(after).toMatchObject(body)
    else expect(after).not.toMatchObject(body)
  })

  it.each(ACTORS)('delete by %s', async (actor) => {
    const id = await makeTarget(collection)
    const field = `delete${names.suffix}`
    const res = await run(`mutation { ${field}(id: ${id}) { id } }`, world.actors[actor])
    expect(worked(res, field)).toBe(rules.delete.includes(actor))
    expect(await exists(collection, id)).toBe(!rules.delete.includes(actor))
  })
})

describe('editors and sites', () => {
  it('refuses an editor who puts a page into a site they are not assigned to, saying why', async () => {
    const res = await app.api.post('/pages', {
      auth: world.actors.editorA,
      body: { title: 'Sneaky', site: world.siteB },
    })
    expect(res.status).toBe(403)
    expect(JSON.stringify(res.body)).toMatch(/not assigned to site/)
  })

  it('refuses an editor who moves their page to another site', async () => {
    const id = await makeTarget('pages')
    const res = await app.api.patch(`/pages/${id}`, {
      auth: world.actors.editorA,
      body: { site: world.siteB },
    })
    expect(res.status).toBe(403)
    const page = await app.payload.findByID({ collection: 'pages', id, depth: 0 })
    expect(page.site).toBe(world.siteA)
  })

  it('does not let an editor grant themself roles or sites', async () => {
    const res = await app.api.patch(`/users/${world.users.editorA}`, {
      auth: world.actors.editorA,
      body: { roles: ['admin'], sites: [world.siteA, world.siteB], name: 'Ed' },
    })
    expect(res.status).toBe(200)
    const user = await app.payload.findByID({
      collection: 'users',
      id: world.users.editorA,
      depth: 0,
    })
    expect(user.roles).toEqual(['editor'])
    expect(user.sites).toEqual([world.siteA])
    expect(user.name).toBe('Ed')
  })

  it('never shows users to anonymous readers or API keys, and editors only themselves', async () => {
    for (const actor of ['anonymous', 'apiKey'] as const) {
      const list = await app.api.get('/users', { auth: world.actors[actor] })
      expect(list.status).toBe(403)
      const gql = await app.api.graphql('{ Users { docs { email } } }', {
        auth: world.actors[actor],
      })
      expect(gql.body.data?.Users ?? null).toBeNull()
    }
    const own = await app.api.get('/users', { auth: world.actors.editorB })
    expect(own.body.docs.map((u: { id: number }) => u.id)).toEqual([world.users.editorB])
    const all = await app.api.get('/users', { auth: world.actors.admin })
    expect(all.body.totalDocs).toBe(4)
  })
})
