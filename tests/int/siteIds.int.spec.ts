/**
 * The site a document belongs to, however a client spells its id. For every site-owned collection
 * and every way of writing (create, update, as a draft or not), an editor of site A who names site
 * B is refused, who names site A is let through when the id is well formed, and nobody gets past
 * with an id that cannot be read. Over REST, and over GraphQL, whose ids are typed.
 */
import type { CollectionSlug } from 'payload'

import type { ApiResponse, Auth } from '../helpers/rest'

import { startWorld, type TestApp } from '../helpers/app'
import { pngFile, type World } from '../helpers/fixtures'

type Site = 'A' | 'B'
type Op = 'create' | 'update' | 'draft create' | 'draft update'
const OPS: Op[] = ['create', 'update', 'draft create', 'draft update']

/** Well-formed spellings of a site's id. */
const WELL_FORMED: Record<string, (id: number) => unknown> = {
  number: (id) => id,
  'numeric string': (id) => String(id),
  '{ relationTo, value }': (id) => ({ relationTo: 'sites', value: id }),
  '{ id }': (id) => ({ id }),
}

/** Spellings no check can read: each must be refused, never taken as "no site to check". */
const MALFORMED: Record<string, (id: number) => unknown> = {
  'digits and letters': (id) => `${id}abc`,
  fraction: (id) => id + 0.5,
  negative: () => -1,
  zero: () => 0,
  boolean: () => true,
  'empty list': () => [],
  'list of the id': (id) => [id],
  'past 2^31-1': (id) => 2 ** 31 + id,
  'past 2^53': (id) => `9007199254740993${id}`,
  'another collection': (id) => ({ relationTo: 'pages', value: id }),
  null: () => null,
}

/** Every collection whose documents belong to a site; editors write only the app's own. */
const COLLECTIONS = [
  'pages',
  'posts',
  'media',
  'categories',
  'tags',
  'integrations',
  'publishing-rules',
] as const
type Collection = (typeof COLLECTIONS)[number]
const EDITORS_WRITE: Collection[] = ['pages', 'posts', 'media', 'categories', 'tags']
const PLUGIN_SPELLINGS = ['number', '{ id }']

let app: TestApp
let world: World
/** An integration of each site, for rules (whose destinations must be of the rule's site). */
const integrationOf: Record<Site, number> = { A: 0, B: 0 }

let counter = 0
const unique = (label: string) => `${label} ${++counter}`
const siteId = (site: Site) => (site === 'A' ? world.siteA : world.siteB)

const fields = (collection: Collection, name: string, target: Site): Record<string, unknown> => {
  switch (collection) {
    case 'pages':
    case 'posts':
      return { title: name }
    case 'media':
      return { alt: name }
    case 'categories':
    case 'tags':
      return { name }
    case 'integrations':
      return {
        name,
        platform: 'webhook',
        config: { url: 'https://example.com/hook' },
        credentials: { signingSecret: 'x'.repeat(32) },
      }
    case 'publishing-rules':
      return { name, destinations: [integrationOf[target]] }
  }
}

/** A document of site A made with full access, for updates to move. */
const makeDocument = async (collection: Collection): Promise<number> => {
  const data = { ...fields(collection, unique('Existing'), 'A'), site: world.siteA }
  if (collection === 'media') {
    return (await app.payload.create({ collection, data: data as never, file: await pngFile() })).id
  }
  return (await app.payload.create({ collection, data: data as never })).id
}

const create = async (
  collection: Collection,
  auth: Auth,
  body: Record<string, unknown>,
  draft: boolean,
) => {
  const path = `/${collection}${draft ? '?draft=true' : ''}`
  if (collection !== 'media') return app.api.post(path, { auth, body })
  const form = new FormData()
  const file = await pngFile('upload.png')
  form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mimetype }), file.name)
  form.append('_payload', JSON.stringify(body))
  return app.api.post(path, { auth, form })
}

const siteOfDocument = async (collection: Collection, id: number): Promise<unknown> =>
  (
    (await app.payload.findByID({
      collection: collection as CollectionSlug,
      id,
      depth: 0,
      draft: true,
    })) as { site?: unknown }
  ).site

const countNamed = async (collection: Collection, name: string) => {
  const field =
    collection === 'pages' || collection === 'posts'
      ? 'title'
      : collection === 'media'
        ? 'alt'
        : 'name'
  return (await app.payload.count({ collection, where: { [field]: { equals: name } } })).totalDocs
}

/** Runs one write; says whether it went through, and checks that a refusal changed nothing. */
const attempt = async (collection: Collection, op: Op, auth: Auth, site: unknown, target: Site) => {
  const draft = op.startsWith('draft')
  const name = unique('Written')
  let res: ApiResponse
  if (op.endsWith('create')) {
    res = await create(collection, auth, { ...fields(collection, name, target), site }, draft)
    const made = await countNamed(collection, name)
    expect(made).toBe(res.status === 201 ? 1 : 0)
    return res
  }
  const id = await makeDocument(collection)
  const path = `/${collection}/${id}${draft ? '?draft=true' : ''}`
  const relations =
    collection === 'publishing-rules' ? { destinations: [integrationOf[target]] } : {}
  res = await app.api.patch(path, { auth, body: { site, ...relations } })
  if (res.status !== 200) expect(await siteOfDocument(collection, id)).toBe(world.siteA)
  return res
}

const expectRefused = (res: ApiResponse) => {
  expect([400, 403]).toContain(res.status)
  // A sentence the person can act on, never a server error.
  expect(JSON.stringify(res.body)).toMatch(/site|not allowed|permission/i)
}

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  for (const site of ['A', 'B'] as const) {
    const data = { ...fields('integrations', `Hook ${site}`, site), site: siteId(site) }
    integrationOf[site] = (
      await app.payload.create({ collection: 'integrations', data: data as never })
    ).id
  }
})
afterAll(() => app.close())

describe.each(COLLECTIONS)('REST %s', (collection) => {
  const editorMayWrite = EDITORS_WRITE.includes(collection)

  describe.each(OPS)('%s', (op) => {
    it.each(Object.keys(WELL_FORMED))(
      'refuses an editor of site A naming site B as a %s',
      async (spelling) => {
        const res = await attempt(
          collection,
          op,
          world.actors.editorA,
          WELL_FORMED[spelling](world.siteB),
          'B',
        )
        expectRefused(res)
      },
    )

    it.each(Object.keys(WELL_FORMED))(
      'lets an editor of site A name site A as a %s where editors write',
      async (spelling) => {
        const res = await attempt(
          collection,
          op,
          world.actors.editorA,
          WELL_FORMED[spelling](world.siteA),
          'A',
        )
        if (editorMayWrite) expect(res.status).toBe(op.endsWith('create') ? 201 : 200)
        else expect(res.status).toBe(403)
      },
    )

    it.each(Object.keys(MALFORMED))(
      'refuses a site id written as %s, from an editor and from an admin',
      async (spelling) => {
        for (const actor of ['editorA', 'admin'] as const) {
          const res = await attempt(
            collection,
            op,
            world.actors[actor],
            MALFORMED[spelling](world.siteA),
            'A',
          )
          expectRefused(res)
        }
      },
    )

    it.each(Object.keys(WELL_FORMED))('lets an admin name site B as a %s', async (spelling) => {
      const res = await attempt(
        collection,
        op,
        world.actors.admin,
        WELL_FORMED[spelling](world.siteB),
        'B',
      )
      // The plugin's collections take the site as Payload validates it (a number or { id }); the
      // other spellings are refused there with a 400, never stored unchecked.
      if (!editorMayWrite && !PLUGIN_SPELLINGS.includes(spelling))
        return expect(res.status).toBe(400)
      expect(res.status).toBe(op.endsWith('create') ? 201 : 200)
      if (op.endsWith('update'))
        expect(res.body.doc.site).toEqual(expect.objectContaining({ id: world.siteB }))
    })
  })
})

/** GraphQL types ids as Int: strings and objects never reach our code, but any 32-bit number can. */
const GRAPHQL: Partial<Record<Collection, { suffix: string; data: (name: string) => string }>> = {
  pages: { suffix: 'Page', data: (name) => `title: ${JSON.stringify(name)}` },
  posts: { suffix: 'Post', data: (name) => `title: ${JSON.stringify(name)}` },
  categories: { suffix: 'Category', data: (name) => `name: ${JSON.stringify(name)}` },
  tags: { suffix: 'Tag', data: (name) => `name: ${JSON.stringify(name)}` },
}

describe.each(Object.keys(GRAPHQL) as Collection[])('GraphQL %s', (collection) => {
  const { suffix, data } = GRAPHQL[collection]!
  const write = async (op: Op, site: string, auth: Auth) => {
    const draft =
      op.startsWith('draft') && (collection === 'pages' || collection === 'posts')
        ? ', draft: true'
        : ''
    const name = unique('Written')
    if (op.endsWith('create')) {
      const res = await app.api.graphql(
        `mutation { create${suffix}(data: { ${data(name)}, site: ${site} }${draft}) { id } }`,
        { auth },
      )
      return { res, changed: (await countNamed(collection, name)) > 0 }
    }
    const id = await makeDocument(collection)
    const res = await app.api.graphql(
      `mutation { update${suffix}(id: ${id}, data: { site: ${site} }${draft}) { id } }`,
      { auth },
    )
    return { res, changed: (await siteOfDocument(collection, id)) !== world.siteA }
  }
  const refused = ({ res, changed }: { res: ApiResponse; changed: boolean }) => {
    expect(res.body.errors?.length).toBeGreaterThan(0)
    expect(changed).toBe(false)
  }

  it.each(OPS)('%s: an editor of site A cannot name site B', async (op) => {
    refused(await write(op, String(world.siteB), world.actors.editorA))
  })

  it.each(OPS)('%s: an editor of site A may name site A', async (op) => {
    const { res } = await write(op, String(world.siteA), world.actors.editorA)
    expect(res.body.errors).toBeUndefined()
  })

  it.each(OPS)(
    '%s: ids GraphQL accepts but no site has are refused, to editors and admins',
    async (op) => {
      for (const site of ['-1', '0', String(2 ** 31 - 1)]) {
        for (const actor of ['editorA', 'admin'] as const)
          refused(await write(op, site, world.actors[actor]))
      }
    },
  )

  it.each(OPS)('%s: ids GraphQL does not type as Int never get through', async (op) => {
    for (const site of [
      JSON.stringify(String(world.siteB)),
      String(2 ** 31 + world.siteB),
      '1.5',
      'true',
    ]) {
      refused(await write(op, site, world.actors.editorA))
    }
  })
})

describe('relations limited to the same site', () => {
  const ofSite = async (collection: 'categories' | 'tags' | 'media' | 'pages', site: Site) => {
    const name = unique('Related')
    const data =
      collection === 'pages' ? { title: name } : collection === 'media' ? { alt: name } : { name }
    const file = collection === 'media' ? { file: await pngFile() } : {}
    return (
      await app.payload.create({
        collection,
        data: { ...data, site: siteId(site) } as never,
        ...file,
      })
    ).id
  }

  it.each([false, true])(
    'refuses a post of site A with a category, tag or image of site B (draft: %s)',
    async (draft) => {
      const query = draft ? '?draft=true' : ''
      const other = {
        categories: [await ofSite('categories', 'B')],
        tags: [String(await ofSite('tags', 'B'))],
        featuredImage: { id: await ofSite('media', 'B') },
      }
      for (const [field, value] of Object.entries(other)) {
        const title = unique('Mixed')
        const res = await app.api.post(`/posts${query}`, {
          auth: world.actors.editorA,
          body: { title, site: String(world.siteA), [field]: value },
        })
        expect(res.status).toBe(400)
        expect(JSON.stringify(res.body)).toMatch(/of site \d+, this document's site/)
        expect(await countNamed('posts', title)).toBe(0)
      }
    },
  )

  it.each([false, true])(
    'refuses a page under a page of another site, or under itself (draft: %s)',
    async (draft) => {
      const query = draft ? '?draft=true' : ''
      const foreign = await ofSite('pages', 'B')
      const res = await app.api.post(`/pages${query}`, {
        auth: world.actors.editorA,
        body: { title: unique('Child'), site: world.siteA, parent: String(foreign) },
      })
      expect(res.status).toBe(400)
      const own = await ofSite('pages', 'A')
      const self = await app.api.patch(`/pages/${own}${query}`, {
        auth: world.actors.editorA,
        body: { parent: own },
      })
      expect(self.status).toBe(400)
    },
  )

  it("refuses a site's logo from another site's media, and takes one of its own", async () => {
    const foreign = await app.api.patch(`/sites/${world.siteA}`, {
      auth: world.actors.editorA,
      body: { settings: { logo: await ofSite('media', 'B') } },
    })
    expect(foreign.status).toBe(400)
    const own = await ofSite('media', 'A')
    const res = await app.api.patch(`/sites/${world.siteA}`, {
      auth: world.actors.editorA,
      body: { settings: { logo: own } },
    })
    expect(res.status).toBe(200)
    expect(res.body.doc.settings.logo).toMatchObject({ id: own })
  })

  it('stores the relations it checked as plain ids, whatever their spelling', async () => {
    const category = await ofSite('categories', 'A')
    const tag = await ofSite('tags', 'A')
    const res = await app.api.post('/posts?draft=true', {
      auth: world.actors.editorA,
      body: {
        title: unique('Spelled'),
        site: { relationTo: 'sites', value: String(world.siteA) },
        categories: [String(category)],
        tags: [{ relationTo: 'tags', value: tag }],
      },
    })
    expect(res.status).toBe(201)
    const post = await app.payload.findByID({
      collection: 'posts',
      id: res.body.doc.id,
      depth: 0,
      draft: true,
    })
    expect(post).toMatchObject({ site: world.siteA, categories: [category], tags: [tag] })
  })

  it.each([false, true])(
    'refuses an admin moving a post to a site its relations do not belong to (draft: %s)',
    async (draft) => {
      const post = await app.payload.create({
        collection: 'posts',
        data: {
          title: unique('Moving'),
          site: world.siteA,
          categories: [await ofSite('categories', 'A')],
        },
      })
      const res = await app.api.patch(`/posts/${post.id}${draft ? '?draft=true' : ''}`, {
        auth: world.actors.admin,
        body: { site: world.siteB },
      })
      expect(res.status).toBe(400)
      expect(
        (await app.payload.findByID({ collection: 'posts', id: post.id, depth: 0, draft: true }))
          .site,
      ).toBe(world.siteA)
    },
  )

  it('refuses a rule whose destination belongs to another site, whatever the spelling of its site', async () => {
    for (const site of [world.siteA, String(world.siteA), { id: world.siteA }]) {
      const name = unique('Cross-site rule')
      const res = await app.api.post('/publishing-rules', {
        auth: world.actors.admin,
        body: { name, site, destinations: [integrationOf.B] },
      })
      expect(res.status).toBe(400)
      expect(await countNamed('publishing-rules', name)).toBe(0)
    }
  })

  it('refuses an admin moving a rule to a site its destinations do not belong to', async () => {
    const rule = await app.payload.create({
      collection: 'publishing-rules',
      data: { name: unique('Moving rule'), site: world.siteA, destinations: [integrationOf.A] },
    })
    const res = await app.api.patch(`/publishing-rules/${rule.id}`, {
      auth: world.actors.admin,
      body: { site: world.siteB },
    })
    expect(res.status).toBe(400)
    expect(
      (await app.payload.findByID({ collection: 'publishing-rules', id: rule.id, depth: 0 })).site,
    ).toBe(world.siteA)
  })
})
