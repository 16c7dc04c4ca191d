/** Drafts are for the people working on a site, never for the public or headless consumers. */
import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'

let app: TestApp
let world: World
beforeAll(async () => {
  ;({ app, world } = await startWorld())
})
afterAll(() => app.close())

const publicReaders = ['anonymous', 'apiKey'] as const

describe.each([
  ['pages', 'Page', 'Pages'],
  ['posts', 'Post', 'Posts'],
] as const)('%s', (collection, one, many) => {
  let draftId: number
  let publishedId: number

  beforeAll(async () => {
    const draft = await app.api.post(`/${collection}?draft=true`, {
      auth: world.actors.editorA,
      body: { title: 'Secret launch plan', site: world.siteA, _status: 'draft' },
    })
    expect(draft.status).toBe(201)
    draftId = draft.body.doc.id
    const published = await app.api.post(`/${collection}`, {
      auth: world.actors.editorA,
      body: { title: 'Public announcement', site: world.siteA, _status: 'published' },
    })
    publishedId = published.body.doc.id
    // A newer, unpublished revision of the published document.
    const revision = await app.api.patch(`/${collection}/${publishedId}?draft=true`, {
      auth: world.actors.editorA,
      body: { title: 'Embargoed new headline', _status: 'draft' },
    })
    expect(revision.status).toBe(200)
  })

  it.each(publicReaders)('hides drafts from %s over REST', async (actor) => {
    const auth = world.actors[actor]
    const list = await app.api.get(`/${collection}?limit=100`, { auth })
    expect(list.status).toBe(200)
    const titles = list.body.docs.map((d: { title: string }) => d.title)
    expect(titles).toEqual(['Public announcement'])
    expect((await app.api.get(`/${collection}/${draftId}`, { auth })).status).toBe(404)
    const asDraft = await app.api.get(`/${collection}/${draftId}?draft=true`, { auth })
    expect(asDraft.status).toBe(404)
    const published = await app.api.get(`/${collection}/${publishedId}?draft=true`, { auth })
    expect(JSON.stringify(published.body)).not.toMatch(/Embargoed/)
    const versions = await app.api.get(`/${collection}/versions`, { auth })
    expect(JSON.stringify(versions.body)).not.toMatch(/Secret|Embargoed/)
  })

  it.each(publicReaders)('hides drafts from %s over GraphQL', async (actor) => {
    const auth = world.actors[actor]
    const list = await app.api.graphql(`{ ${many} { docs { title } } }`, { auth })
    expect(list.body.data[many].docs).toEqual([{ title: 'Public announcement' }])
    const asDrafts = await app.api.graphql(`{ ${many}(draft: true) { docs { title } } }`, { auth })
    expect(JSON.stringify(asDrafts.body)).not.toMatch(/Secret|Embargoed/)
    const byId = await app.api.graphql(`{ ${one}(id: ${draftId}, draft: true) { title } }`, {
      auth,
    })
    expect(byId.body.data?.[one] ?? null).toBeNull()
  })

  it('shows the site editor its drafts and newest revision', async () => {
    const auth = world.actors.editorA
    const draft = await app.api.get(`/${collection}/${draftId}?draft=true`, { auth })
    expect(draft.body.title).toBe('Secret launch plan')
    const revision = await app.api.get(`/${collection}/${publishedId}?draft=true`, { auth })
    expect(revision.body.title).toBe('Embargoed new headline')
  })

  it("keeps another site's editor out of the drafts", async () => {
    const auth = world.actors.editorB
    expect((await app.api.get(`/${collection}/${draftId}?draft=true`, { auth })).status).toBe(404)
    const list = await app.api.graphql(`{ ${many}(draft: true) { docs { title } } }`, { auth })
    expect(JSON.stringify(list.body)).not.toMatch(/Secret|Embargoed/)
  })

  it('stamps publishedAt when first published', async () => {
    const doc = await app.payload.findByID({ collection, id: publishedId })
    expect(Date.parse(String(doc.publishedAt))).toBeGreaterThan(Date.now() - 60_000)
    const draft = await app.payload.findByID({ collection, id: draftId, draft: true })
    expect(draft.publishedAt ?? null).toBeNull()
  })
})
