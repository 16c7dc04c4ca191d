/**
 * "Publish everything" (POST /api/integrations/:id/publish-all): a site with content published
 * before its destination existed gets all of it there, once, trees nested; again sends nothing;
 * cancel and resume; who may; the progress on the integration.
 */

import { runDeliveries } from '@plugins/publishing/exports/server'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startReceiver, type ReceivedRequest, type Receiver } from '../helpers/receiver'

const SECRET = 'webhook-signing-secret'

let app: TestApp
let world: World
const receivers: Receiver[] = []

/** The site's published content, made before any destination: a page tree three deep and posts. */
const content = { pages: [] as number[], posts: [] as number[] }
const tree = { root: 0, child: 0, grandchild: 0, moved: 0 }

const create = async (collection: 'pages' | 'posts', data: Record<string, unknown>) => {
  const res = await app.api.post(`/${collection}`, {
    auth: world.actors.admin,
    body: { site: world.siteA, _status: 'published', content: lexicalParagraph('Body'), ...data },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id as number
}

const createIntegration = async (name: string): Promise<{ id: number; receiver: Receiver }> => {
  const receiver = await startReceiver(SECRET)
  receivers.push(receiver)
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: {
      name,
      site: world.siteA,
      platform: 'webhook',
      config: { url: receiver.url },
      credentials: { signingSecret: SECRET },
    },
  })
  expect(res.status).toBe(201)
  return { id: res.body.doc.id as number, receiver }
}

const bulkOf = async (integration: number) =>
  (await app.api.get(`/integrations/${integration}`, { auth: world.actors.admin })).body.bulk as {
    status: string
    total: number
    done: number
    failed: number
    startedAt: string | null
    finishedAt: string | null
  }

const publishAll = (integration: number | string, auth = world.actors.editorA) =>
  app.api.post(`/integrations/${integration}/publish-all`, { auth })

const cancel = (integration: number | string, auth = world.actors.editorA) =>
  app.api.post(`/integrations/${integration}/publish-all/cancel`, { auth })

/** Creations and updates the receiver got, per `collection:id`. */
const deliveriesByDocument = (requests: ReceivedRequest[]) => {
  const counts = new Map<string, number>()
  for (const request of requests) {
    if (request.event !== 'publish' && request.event !== 'update') continue
    const key = `${request.document?.collection}:${request.document?.id}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return counts
}

const everything = () => [
  ...content.pages.map((id) => `pages:${id}`),
  ...content.posts.map((id) => `posts:${id}`),
]

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  // A page made first and later moved under the deepest page: its id is lower than its parent's.
  tree.moved = await create('pages', { title: 'Moved later', slug: 'moved-later' })
  tree.root = await create('pages', { title: 'Root', slug: 'root' })
  tree.child = await create('pages', { title: 'Child', slug: 'child', parent: tree.root })
  tree.grandchild = await create('pages', {
    title: 'Grandchild',
    slug: 'grandchild',
    parent: tree.child,
  })
  const moved = await app.api.patch(`/pages/${tree.moved}`, {
    auth: world.actors.admin,
    body: { parent: tree.grandchild, _status: 'published' },
  })
  expect(moved.status).toBe(200)
  content.pages.push(tree.moved, tree.root, tree.child, tree.grandchild)
  for (let i = 0; i < 6; i++)
    content.posts.push(await create('posts', { title: `Post ${i}`, slug: `post-${i}` }))
  // A draft and another site's post stay where they are.
  await create('posts', { title: 'Draft', slug: 'draft', _status: 'draft' })
  await app.api.post('/posts', {
    auth: world.actors.admin,
    body: { site: world.siteB, _status: 'published', title: 'Elsewhere', slug: 'elsewhere' },
  })
  await drainDeliveries(app.payload)
})
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await app.close()
})

describe('publish everything', () => {
  it('delivers every published page and post once, nested, and counts its progress', async () => {
    const { id, receiver } = await createIntegration('New hook')
    await drainDeliveries(app.payload)
    expect(receiver.requests).toHaveLength(0)

    const preview = await app.api.get(`/integrations/${id}/publish-all`, {
      auth: world.actors.editorA,
    })
    expect(preview.status).toBe(200)
    expect(preview.body.documents).toBe(everything().length)
    // A new destination holds nothing: the admin offers to send everything.
    expect(preview.body.copies).toBe(0)

    const started = await publishAll(id)
    expect(started.status).toBe(202)
    expect(started.body.jobId).toEqual(expect.any(Number))
    expect(started.body.total).toBe(everything().length)
    expect(await bulkOf(id)).toMatchObject({ status: 'running', total: 10, done: 0 })

    const again = await publishAll(id, world.actors.admin)
    expect(again.status).toBe(409)
    expect(again.body.errors[0].message).toMatch(/already running/)

    await drainDeliveries(app.payload, 30_000)
    const counts = deliveriesByDocument(receiver.requests)
    expect([...counts.keys()].sort()).toEqual(everything().sort())
    expect([...counts.values()].every((n) => n === 1)).toBe(true)

    // Parents went first: each page arrived with its parent's copy.
    const sent = new Map(
      receiver.requests.map((r) => [`${r.document?.collection}:${r.document?.id}`, r]),
    )
    const remoteOf = async (page: number) =>
      (
        await app.payload.find({
          collection: 'publishing-records',
          where: {
            integration: { equals: id },
            documentCollection: { equals: 'pages' },
            documentId: { equals: page },
          },
          depth: 0,
        })
      ).docs[0]?.remoteId
    expect(sent.get(`pages:${tree.root}`)!.document!.parent).toBeNull()
    expect(sent.get(`pages:${tree.child}`)!.document!.parent).toEqual({
      id: tree.root,
      remoteId: await remoteOf(tree.root),
    })
    expect(sent.get(`pages:${tree.grandchild}`)!.document!.parent).toEqual({
      id: tree.child,
      remoteId: await remoteOf(tree.child),
    })
    expect(sent.get(`pages:${tree.moved}`)!.document!.parent).toEqual({
      id: tree.grandchild,
      remoteId: await remoteOf(tree.grandchild),
    })

    const bulk = await bulkOf(id)
    expect(bulk).toMatchObject({ status: 'done', total: 10, done: 10, failed: 0 })
    expect(Date.parse(bulk.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(bulk.startedAt!))
    expect(
      (await app.api.get(`/integrations/${id}/publish-all`, { auth: world.actors.admin })).body,
    ).toMatchObject({ documents: 10, copies: 10, bulk: { status: 'done', done: 10 } })

    // Running it again sends nothing: every copy is there with the same content.
    receiver.requests.length = 0
    expect((await publishAll(id)).status).toBe(202)
    await drainDeliveries(app.payload, 30_000)
    expect(receiver.requests).toHaveLength(0)
    expect(await bulkOf(id)).toMatchObject({ status: 'done', total: 10, done: 10, failed: 0 })
  })

  it('stops on cancel, and a new run completes what is missing without duplicates', async () => {
    const { id, receiver } = await createIntegration('Cancelled hook')
    expect((await publishAll(id)).status).toBe(202)
    // The first step queues the deliveries; a short tick delivers two of them.
    await (
      await runDeliveries(app.payload)
    ).settled
    await (
      await runDeliveries(app.payload, { limit: 2 })
    ).settled
    const cancelled = await cancel(id)
    expect(cancelled.status).toBe(202)
    expect(cancelled.body.dropped).toBeGreaterThan(0)
    expect((await cancel(id)).status).toBe(409)
    await drainDeliveries(app.payload, 30_000)
    const first = deliveriesByDocument(receiver.requests)
    expect(first.size).toBeGreaterThan(0)
    expect(first.size).toBeLessThan(everything().length)
    const stopped = await bulkOf(id)
    expect(stopped).toMatchObject({ status: 'cancelled', done: first.size, failed: 0 })

    expect((await publishAll(id)).status).toBe(202)
    await drainDeliveries(app.payload, 30_000)
    const counts = deliveriesByDocument(receiver.requests)
    expect([...counts.keys()].sort()).toEqual(everything().sort())
    expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([])
    expect(receiver.created()).toBe(everything().length)
    expect(await bulkOf(id)).toMatchObject({ status: 'done', total: 10, done: 10, failed: 0 })
    expect((await cancel(id)).status).toBe(409)
  })

  it('leaves a copy whose last delivery failed saying so when a run that queued it is cancelled', async () => {
    const { id } = await createIntegration('Failing then cancelled hook')
    expect((await publishAll(id)).status).toBe(202)
    await drainDeliveries(app.payload, 30_000)
    const record = (
      await app.payload.find({
        collection: 'publishing-records',
        where: { integration: { equals: id }, documentId: { equals: content.posts[0] } },
        depth: 0,
      })
    ).docs[0]!
    expect(record).toMatchObject({ status: 'published', remoteId: expect.any(String) })
    // Its last update failed: the run sends it again, and is cancelled before it goes.
    await app.payload.db.updateOne({
      collection: 'publishing-records',
      id: record.id,
      data: { status: 'failed', lastError: 'The destination answered 503.' },
    })
    expect((await publishAll(id)).status).toBe(202)
    // Steps queue the run's deliveries chunk by chunk; ticks that deliver nothing let them.
    const statusNow = async () =>
      (await app.payload.findByID({ collection: 'publishing-records', id: record.id, depth: 0 }))
        .status
    for (let tick = 0; tick < 10 && (await statusNow()) === 'failed'; tick++)
      await (
        await runDeliveries(app.payload, { limit: 0 })
      ).settled
    expect(await statusNow()).toBe('queued')
    const cancelled = await cancel(id)
    expect(cancelled.status).toBe(202)
    expect(cancelled.body.dropped).toBe(1)
    await drainDeliveries(app.payload, 30_000)
    const after = await app.payload.findByID({
      collection: 'publishing-records',
      id: record.id,
      depth: 0,
    })
    expect(after).toMatchObject({
      status: 'failed',
      lastError: 'The destination answered 503.',
      remoteId: record.remoteId,
    })
  })

  it('sends only what the rules send there', async () => {
    const { id, receiver } = await createIntegration('Posts only hook')
    const rule = await app.api.post('/publishing-rules', {
      auth: world.actors.admin,
      body: { name: 'Posts only', site: world.siteA, collections: ['posts'], destinations: [id] },
    })
    expect(rule.status).toBe(201)
    try {
      expect(
        (await app.api.get(`/integrations/${id}/publish-all`, { auth: world.actors.admin })).body
          .documents,
      ).toBe(content.posts.length)
      expect((await publishAll(id)).status).toBe(202)
      await drainDeliveries(app.payload, 30_000)
      expect([...deliveriesByDocument(receiver.requests).keys()].sort()).toEqual(
        content.posts.map((p) => `posts:${p}`).sort(),
      )
    } finally {
      await app.payload.delete({ collection: 'publishing-rules', id: rule.body.doc.id })
    }
  })

  it('refuses people who may not, and ids that name nothing, with a sentence', async () => {
    const { id } = await createIntegration('Guarded hook')
    for (const auth of [world.actors.editorB, world.actors.apiKey, world.actors.anonymous]) {
      for (const res of [
        await publishAll(id, auth),
        await cancel(id, auth),
        await app.api.get(`/integrations/${id}/publish-all`, { auth }),
      ]) {
        expect([401, 403]).toContain(res.status)
        expect(res.body.errors[0].message).toEqual(expect.any(String))
      }
    }
    for (const bad of ['abc', '1.5', '-1', '0', '2147483648', '99999999999999999999', '%7B%7D']) {
      const res = await publishAll(bad, world.actors.admin)
      expect([400, 404]).toContain(res.status)
      expect(res.body.errors[0].message).toEqual(expect.any(String))
    }
    expect((await publishAll(2_000_000, world.actors.admin)).status).toBe(404)
    expect(await bulkOf(id)).toMatchObject({ status: 'idle', total: 0 })

    // The progress is the platform's: an admin's write does not change it.
    const patched = await app.api.patch(`/integrations/${id}`, {
      auth: world.actors.admin,
      body: { bulk: { status: 'done', total: 99, done: 99 } },
    })
    expect(patched.status).toBe(200)
    expect(await bulkOf(id)).toMatchObject({ status: 'idle', total: 0, done: 0 })
    // Nor does any write of Payload's, access or not: a save that read the integration before a
    // run's progress changed writes it back whole.
    await app.payload.db.updateOne({
      collection: 'integrations',
      id,
      data: { bulk: { status: 'running', total: 7, run: 3 } },
    })
    expect(await bulkOf(id)).toMatchObject({ status: 'idle', total: 0, run: 0 })

    // An inactive destination gets nothing.
    await app.payload.update({ collection: 'integrations', id, data: { isActive: false } })
    const inactive = await publishAll(id, world.actors.admin)
    expect(inactive.status).toBe(400)
    expect(inactive.body.errors[0].message).toMatch(/inactive/)
  })
})
