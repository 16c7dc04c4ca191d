/**
 * What the admin screens rely on beyond Payload's own REST API: the platforms endpoint, who
 * triggered a delivery, and the data the Site Manager shows.
 */
import { loadActivity } from '@/admin/site-manager/data/loadActivity'
import { loadDashboard } from '@/admin/site-manager/data/loadDashboard'
import { loadSiteList } from '@/admin/site-manager/data/loadSiteList'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startReceiver, type Receiver } from '../helpers/receiver'

const SECRET = 'admin-screens-secret'

let app: TestApp
let world: World
let receiver: Receiver
let integration: number

const userById = async (id: number) => app.payload.findByID({ collection: 'users', id, depth: 0 })

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receiver = await startReceiver(SECRET)
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: {
      name: 'Blog hook',
      site: world.siteA,
      platform: 'webhook',
      config: { url: receiver.url },
      credentials: { signingSecret: SECRET },
    },
  })
  expect(res.status).toBe(201)
  integration = res.body.doc.id
})
afterAll(async () => {
  await receiver.close()
  await app.close()
})

describe('GET /api/publishing/platforms', () => {
  it('lists each registered adapter with its declared fields and capabilities', async () => {
    const res = await app.api.get('/publishing/platforms', { auth: world.actors.editorA })
    expect(res.status).toBe(200)
    const webhook = res.body.platforms.find((p: { platform: string }) => p.platform === 'webhook')
    expect(webhook).toMatchObject({
      label: expect.any(String),
      platformType: 'custom_api',
      description: expect.any(String),
      configFields: [expect.objectContaining({ name: 'url', type: 'url', required: true })],
      credentialFields: [expect.objectContaining({ name: 'signingSecret', type: 'secret' })],
      capabilities: expect.objectContaining({ pull: false }),
    })
    expect(res.body.platforms.map((p: { platform: string }) => p.platform)).toEqual(
      expect.arrayContaining(['webhook', 'wordpress']),
    )
  })

  it('answers 401 with a sentence to anonymous callers', async () => {
    const res = await app.api.get('/publishing/platforms', { auth: world.actors.anonymous })
    expect(res.status).toBe(401)
    expect(JSON.stringify(res.body)).toMatch(/Sign in/)
  })

  it('answers 403 to API keys (headless consumers read like the public)', async () => {
    const res = await app.api.get('/publishing/platforms', { auth: world.actors.apiKey })
    expect(res.status).toBe(403)
    expect(JSON.stringify(res.body)).toMatch(/Only admins and editors of a site/)
  })

  it('answers 404 to other methods', async () => {
    const res = await app.api.post('/publishing/platforms', { auth: world.actors.admin, body: {} })
    expect(res.status).toBe(404)
  })
})

describe('who triggered a delivery', () => {
  it('records the editor whose save published a post, and the person who pressed Publish now', async () => {
    const created = await app.api.post('/posts', {
      auth: world.actors.editorA,
      body: {
        title: 'Who did it',
        site: world.siteA,
        _status: 'published',
        content: lexicalParagraph('Body'),
      },
    })
    expect(created.status).toBe(201)
    const postId = created.body.doc.id as number
    expect(created.body.doc.lastEditedBy).toMatchObject({ id: world.users.editorA })
    await drainDeliveries(app.payload)

    const editorA = await userById(world.users.editorA)
    const admin = await userById(world.users.admin)
    let [row] = (await loadActivity(app.payload, editorA, world.siteA)).filter(
      (r) => r.documentId === postId,
    )
    expect(row).toMatchObject({
      who: 'editor-a@example.com',
      status: 'published',
      destination: 'Blog hook',
      document: 'Who did it',
    })

    const manual = await app.api.post('/publishing/publish', {
      auth: world.actors.admin,
      body: { collection: 'posts', id: postId },
    })
    expect(manual.status).toBe(202)
    await drainDeliveries(app.payload)
    ;[row] = (await loadActivity(app.payload, admin, world.siteA)).filter(
      (r) => r.documentId === postId,
    )
    expect(row.who).toBe('admin@example.com')
    expect(row.history.map((h) => h.outcome)).toEqual(['success', 'success'])

    // A later save is attributed to its author again, not to whoever pressed the button before.
    const edited = await app.api.patch(`/posts/${postId}`, {
      auth: world.actors.editorA,
      body: { title: 'Who did it, edited' },
    })
    expect(edited.status).toBe(200)
    await drainDeliveries(app.payload)
    ;[row] = (await loadActivity(app.payload, admin, world.siteA)).filter(
      (r) => r.documentId === postId,
    )
    expect(row.who).toBe('editor-a@example.com')
  })

  it('records who retried a failed delivery', async () => {
    receiver.script.push({ kind: 'status', status: 400, message: 'bad payload' })
    const created = await app.api.post('/posts', {
      auth: world.actors.editorA,
      body: {
        title: 'Retry me',
        site: world.siteA,
        _status: 'published',
        content: lexicalParagraph('Body'),
      },
    })
    await drainDeliveries(app.payload)
    const [record] = (
      await app.payload.find({
        collection: 'publishing-records',
        where: { documentId: { equals: created.body.doc.id } },
        depth: 0,
      })
    ).docs
    expect(record.status).toBe('failed')
    const retried = await app.api.post(`/publishing-records/${record.id}/retry`, {
      auth: world.actors.admin,
    })
    expect(retried.status).toBe(202)
    await drainDeliveries(app.payload)
    const admin = await userById(world.users.admin)
    const [row] = (await loadActivity(app.payload, admin, world.siteA)).filter(
      (r) => r.documentId === created.body.doc.id,
    )
    expect(row).toMatchObject({ who: 'admin@example.com', status: 'published' })
  })
})

describe('Site Manager data', () => {
  it('lists only the sites an editor manages, with counts and destination health', async () => {
    const editorA = await userById(world.users.editorA)
    const admin = await userById(world.users.admin)
    const mine = await loadSiteList(app.payload, editorA)
    expect(mine.map((s) => s.id)).toEqual([world.siteA])
    expect(mine[0].posts).toBeGreaterThanOrEqual(2)
    expect(mine[0].destinations).toEqual([
      expect.objectContaining({
        id: integration,
        name: 'Blog hook',
        health: 'healthy',
        failures: 0,
        conflicts: 0,
        lastDeliveryAt: expect.any(String),
      }),
    ])
    expect((await loadSiteList(app.payload, admin)).map((s) => s.id).sort()).toEqual(
      [world.siteA, world.siteB].sort(),
    )
  })

  it('shows failures in the health and says what removing a page does at each destination', async () => {
    const page = await app.api.post('/pages', {
      auth: world.actors.editorA,
      body: { title: 'About', site: world.siteA, _status: 'published' },
    })
    expect(page.status).toBe(201)
    await drainDeliveries(app.payload)
    await app.api.post('/publishing-rules', {
      auth: world.actors.admin,
      body: {
        name: 'Everything',
        site: world.siteA,
        destinations: [integration],
        unpublishAction: 'delete',
      },
    })
    receiver.script.push({ kind: 'status', status: 400, message: 'refused' })
    await app.api.post('/posts', {
      auth: world.actors.editorA,
      body: { title: 'Refused', site: world.siteA, _status: 'published' },
    })
    await drainDeliveries(app.payload)

    const editorA = await userById(world.users.editorA)
    const dashboard = await loadDashboard(app.payload, editorA, world.siteA)
    expect(dashboard?.destinations[0]).toMatchObject({ health: 'failing', failures: 1 })
    expect(dashboard?.removal[page.body.doc.id]).toEqual(['Blog hook: the copy will be deleted'])
    expect(dashboard?.pages.map((p) => p.title)).toContain('About')
    expect(dashboard?.posts.find((p) => p.title === 'Refused')?.destinations).toEqual([
      { name: 'Blog hook', status: 'failed' },
    ])
  })
})
