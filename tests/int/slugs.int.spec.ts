/** A slug is unique within its site, not across sites, and the database holds the line in a race. */
import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'

let app: TestApp
let world: World
beforeAll(async () => {
  ;({ app, world } = await startWorld())
})
afterAll(() => app.close())

const slugErrors = (body: Record<string, any>): string[] =>
  (body.errors ?? []).flatMap(
    (error: { data?: { errors?: { path: string; message: string }[] } }) =>
      (error.data?.errors ?? []).filter((e) => /slug/.test(e.path)).map((e) => e.message),
  )

describe.each(['pages', 'posts'] as const)('%s slugs', (collection) => {
  it('makes the slug from the title when it is left empty', async () => {
    const res = await app.api.post(`/${collection}`, {
      auth: world.actors.editorA,
      body: { title: 'Hello, Wide World!', site: world.siteA },
    })
    expect(res.status).toBe(201)
    expect(res.body.doc.slug).toBe('hello-wide-world')
  })

  it('allows the same slug in two sites', async () => {
    const a = await app.api.post(`/${collection}`, {
      auth: world.actors.admin,
      body: { title: 'About', slug: 'about', site: world.siteA },
    })
    const b = await app.api.post(`/${collection}`, {
      auth: world.actors.admin,
      body: { title: 'About', slug: 'about', site: world.siteB },
    })
    expect([a.status, b.status]).toEqual([201, 201])
  })

  it('refuses a slug already taken in the same site, naming it', async () => {
    await app.api.post(`/${collection}`, {
      auth: world.actors.editorA,
      body: { title: 'Contact', slug: 'contact', site: world.siteA },
    })
    const res = await app.api.post(`/${collection}`, {
      auth: world.actors.editorA,
      body: { title: 'Contact us', slug: 'contact', site: world.siteA },
    })
    expect(res.status).toBe(400)
    expect(slugErrors(res.body).join(' ')).toMatch(/"contact" is already used/)
    const { totalDocs } = await app.payload.count({
      collection,
      where: { site: { equals: world.siteA }, slug: { equals: 'contact' } },
    })
    expect(totalDocs).toBe(1)
  })

  it('refuses renaming onto a taken slug and keeps the old one', async () => {
    await app.payload.create({ collection, data: { title: 'Team', site: world.siteA } })
    const other = await app.payload.create({
      collection,
      data: { title: 'People', site: world.siteA },
    })
    const res = await app.api.patch(`/${collection}/${other.id}`, {
      auth: world.actors.editorA,
      body: { slug: 'team' },
    })
    expect(res.status).toBe(400)
    expect(slugErrors(res.body).join(' ')).toMatch(/"team" is already used/)
    expect((await app.payload.findByID({ collection, id: other.id })).slug).toBe('people')
  })

  it('lets exactly one of two concurrent creates of the same slug through', async () => {
    const create = () =>
      app.api.post(`/${collection}`, {
        auth: world.actors.editorA,
        body: { title: 'Race', slug: 'race', site: world.siteA },
      })
    const results = await Promise.all([create(), create(), create()])
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([201, 400, 400])
    for (const loser of results.filter((r) => r.status === 400)) {
      expect(slugErrors(loser.body).join(' ')).toMatch(/race/)
    }
    const { totalDocs } = await app.payload.count({
      collection,
      where: { site: { equals: world.siteA }, slug: { equals: 'race' } },
    })
    expect(totalDocs).toBe(1)
  })
})

it('keeps site slugs unique across the installation', async () => {
  const res = await app.api.post('/sites', { auth: world.actors.admin, body: { name: 'Site A' } })
  expect(res.status).toBe(400)
})
