/**
 * From a save to remote copies: fan-out, rules, retries, failures, lost answers, and the
 * endpoints, against real HTTP receivers on loopback.
 */

import type { AnyDestinationAdapter } from '@plugins/publishing/types'

import { DELIVERY_QUEUE } from '@plugins/publishing/defaults'
import { runDeliveries } from '@plugins/publishing/exports/server'
import { registryOf } from '@plugins/publishing/registry'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries, pendingDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startReceiver, type Receiver } from '../helpers/receiver'

const SECRET = 'webhook-signing-secret'

let app: TestApp
let world: World
let receivers: Receiver[]
let integrations: number[]

const records = async (postId: number) =>
  (
    await app.payload.find({
      collection: 'publishing-records',
      where: { documentId: { equals: postId }, documentCollection: { equals: 'posts' } },
      sort: 'integration',
      depth: 0,
      limit: 0,
    })
  ).docs

const createIntegration = async (
  name: string,
  url: string,
  site = world.siteA,
): Promise<number> => {
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: {
      name,
      site,
      platform: 'webhook',
      config: { url },
      credentials: { signingSecret: SECRET },
    },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id
}

const publishPost = async (title: string, extra: Record<string, unknown> = {}) => {
  const res = await app.api.post('/posts', {
    auth: world.actors.editorA,
    body: {
      title,
      site: world.siteA,
      _status: 'published',
      content: lexicalParagraph(`${title} body`),
      ...extra,
    },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id as number
}

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receivers = await Promise.all([
    startReceiver(SECRET),
    startReceiver(SECRET),
    startReceiver(SECRET),
  ])
  integrations = []
  for (const [i, receiver] of receivers.entries())
    integrations.push(await createIntegration(`Hook ${i + 1}`, receiver.url))
})
afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()))
  await app.close()
})
beforeEach(async () => {
  await drainDeliveries(app.payload)
  for (const receiver of receivers) {
    receiver.requests.length = 0
    receiver.script.length = 0
  }
})

describe('fan-out', () => {
  it('queues one delivery per destination with the save, and each receiver gets one signed copy', async () => {
    const created = receivers.map((r) => r.created())
    const postId = await publishPost('Fan out')
    // Nothing was sent during the save: it queued one job, which plans the three deliveries.
    expect(receivers.map((r) => r.requests.length)).toEqual([0, 0, 0])
    expect(await pendingDeliveries(app.payload)).toBe(1)

    await drainDeliveries(app.payload)
    for (const receiver of receivers) {
      expect(receiver.requests).toHaveLength(1)
      const [request] = receiver.requests
      expect(request.event).toBe('publish')
      expect(request.signatureValid).toBe(true)
      expect(request.document).toMatchObject({
        collection: 'posts',
        id: postId,
        title: 'Fan out',
        slug: 'fan-out',
      })
      expect(request.document?.html).toContain('<p>Fan out body</p>')
    }
    expect(receivers.map((r) => r.created())).toEqual(created.map((n) => n + 1))
    const done = await records(postId)
    expect(done.map((r) => r.status)).toEqual(['published', 'published', 'published'])
    expect(
      done.every(
        (r) =>
          /^copy-\d+$/.test(String(r.remoteId)) &&
          r.remoteUrl?.startsWith('https://receiver.example/'),
      ),
    ).toBe(true)
  })

  it('updates the same remote copy when a published post is saved again', async () => {
    const postId = await publishPost('Edited later')
    await drainDeliveries(app.payload)
    const [before] = await records(postId)
    await app.api.patch(`/posts/${postId}`, {
      auth: world.actors.editorA,
      body: { title: 'Edited later, v2' },
    })
    await drainDeliveries(app.payload)
    const [after] = await records(postId)
    expect(after.remoteId).toBe(before.remoteId)
    const events = receivers[0].requests.map((r) => [
      r.event,
      r.document?.title,
      r.document?.remoteId,
    ])
    expect(events).toEqual([
      ['publish', 'Edited later', null],
      ['update', 'Edited later, v2', before.remoteId],
    ])
  })

  it('delivers only the newest revision when several saves wait in the queue', async () => {
    const postId = await publishPost('Rev 1')
    for (const title of ['Rev 2', 'Rev 3']) {
      await app.api.patch(`/posts/${postId}`, { auth: world.actors.editorA, body: { title } })
    }
    await drainDeliveries(app.payload)
    expect(receivers[0].requests.map((r) => r.document?.title)).toEqual(['Rev 3'])
  })

  it('removes the copies when a post is unpublished', async () => {
    const postId = await publishPost('Short-lived')
    await drainDeliveries(app.payload)
    await app.api.patch(`/posts/${postId}`, {
      auth: world.actors.editorA,
      body: { _status: 'draft' },
    })
    await drainDeliveries(app.payload)
    expect(receivers.map((r) => r.requests.map((q) => q.event))).toEqual([
      ['publish', 'unpublish'],
      ['publish', 'unpublish'],
      ['publish', 'unpublish'],
    ])
    expect((await records(postId)).map((r) => r.status)).toEqual([
      'unpublished',
      'unpublished',
      'unpublished',
    ])
  })

  it('does not deliver draft saves of a published post', async () => {
    const postId = await publishPost('Stable')
    await drainDeliveries(app.payload)
    await app.api.patch(`/posts/${postId}?draft=true`, {
      auth: world.actors.editorA,
      body: { title: 'Work in progress', _status: 'draft' },
    })
    await drainDeliveries(app.payload)
    expect(receivers[0].requests.map((r) => r.event)).toEqual(['publish'])
    expect((await records(postId)).map((r) => r.status)).toEqual([
      'published',
      'published',
      'published',
    ])
  })
})

describe('rules', () => {
  afterEach(async () => {
    await app.payload.delete({ collection: 'publishing-rules', where: { id: { exists: true } } })
  })

  it('sends a post only where a matching rule says, as the rule says', async () => {
    const news = await app.payload.create({
      collection: 'categories',
      data: { name: 'News', site: world.siteA },
    })
    await app.payload.create({
      collection: 'publishing-rules',
      data: {
        site: world.siteA,
        name: 'News to hook 2 as drafts',
        categories: [news.id],
        destinations: [integrations[1]],
        remoteStatus: 'draft',
      },
    })
    const newsPost = await publishPost('Breaking', { categories: [news.id] })
    const otherPost = await publishPost('Unrelated')
    await drainDeliveries(app.payload)
    expect(receivers.map((r) => r.requests.map((q) => q.document?.title))).toEqual([
      [],
      ['Breaking'],
      [],
    ])
    expect(receivers[1].requests[0].document?.status).toBe('draft')
    expect(await records(otherPost)).toEqual([])
    expect((await records(newsPost)).map((r) => r.integration)).toEqual([integrations[1]])
  })

  it('leaves manual rules to "Publish now"', async () => {
    await app.payload.create({
      collection: 'publishing-rules',
      data: {
        site: world.siteA,
        name: 'Manual',
        destinations: [integrations[2]],
        trigger: 'manual',
      },
    })
    const postId = await publishPost('Hand-picked')
    await drainDeliveries(app.payload)
    expect(receivers[2].requests).toHaveLength(0)
    const res = await app.api.post('/publishing/publish', {
      auth: world.actors.editorA,
      body: { collection: 'posts', id: postId },
    })
    expect(res.status).toBe(202)
    expect(res.body.records).toHaveLength(1)
    await drainDeliveries(app.payload)
    expect(receivers[2].requests.map((r) => r.document?.title)).toEqual(['Hand-picked'])
  })
})

describe('failures', () => {
  it('retries a receiver that fails twice with 500 and is published on the third attempt', async () => {
    receivers[0].script.push(
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503, headers: { 'Retry-After': '0' } },
    )
    const created = receivers[0].created()
    const postId = await publishPost('Flaky')
    await drainDeliveries(app.payload)
    expect(receivers[0].requests).toHaveLength(3)
    const [record] = await records(postId)
    expect(record.status).toBe('published')
    expect(record.attempts).toBe(3)
    expect(record.lastError).toBeNull()
    expect((record.history as { outcome: string }[]).map((h) => h.outcome)).toEqual([
      'success',
      'retry',
      'retry',
    ])
    expect(receivers[0].created()).toBe(created + 1)
  })

  it('fails a 400 at once with the remote message, and a retry re-queues it', async () => {
    receivers[0].script.push({
      kind: 'status',
      status: 400,
      message: 'title is too long for this receiver',
    })
    const postId = await publishPost('Refused')
    await drainDeliveries(app.payload)
    const [record] = await records(postId)
    expect(receivers[0].requests).toHaveLength(1)
    expect(record.status).toBe('failed')
    expect(record.lastError).toMatch(/HTTP 400: title is too long for this receiver/)

    const denied = await app.api.post(`/publishing-records/${record.id}/retry`, {
      auth: world.actors.editorB,
    })
    expect(denied.status).toBe(403)
    const retried = await app.api.post(`/publishing-records/${record.id}/retry`, {
      auth: world.actors.editorA,
    })
    expect(retried.status).toBe(202)
    await drainDeliveries(app.payload)
    const [after] = await records(postId)
    expect(after.status).toBe('published')
    const again = await app.api.post(`/publishing-records/${record.id}/retry`, {
      auth: world.actors.editorA,
    })
    expect(again.status).toBe(409)
  })

  it('fails at once, saying why, a document whose collection the adapter does not map', async () => {
    const adapters = registryOf(app.payload).adapters as Map<string, AnyDestinationAdapter>
    const webhook = adapters.get('webhook')!
    // An adapter that holds posts only: a page is never handed to it.
    adapters.set('webhook', { ...webhook, label: 'Posts-only webhook', collections: ['posts'] })
    try {
      const res = await app.api.post('/pages', {
        auth: world.actors.editorA,
        body: {
          title: 'Unmapped page',
          site: world.siteA,
          _status: 'published',
          content: lexicalParagraph('A page'),
        },
      })
      expect(res.status).toBe(201)
      await drainDeliveries(app.payload)
      const { docs } = await app.payload.find({
        collection: 'publishing-records',
        where: { documentId: { equals: res.body.doc.id }, documentCollection: { equals: 'pages' } },
        sort: 'integration',
        depth: 0,
      })
      expect(docs.map((r) => [r.status, r.attempts, r.nextAttemptAt ?? null])).toEqual(
        integrations.map(() => ['failed', 1, null]),
      )
      for (const record of docs) {
        expect(record.lastError).toBe(
          'Posts-only webhook cannot hold documents of the "pages" collection: it maps only posts.',
        )
      }
      expect(receivers.map((r) => r.requests.length)).toEqual([0, 0, 0])
      expect(await pendingDeliveries(app.payload)).toBe(0)
    } finally {
      adapters.set('webhook', webhook)
    }
  })

  it('queues a retry on the delivery queue, held back until its backoff is over', async () => {
    receivers[0].script.push({ kind: 'status', status: 503, headers: { 'Retry-After': '120' } })
    const postId = await publishPost('Come back later')
    const started = Date.now()
    for (let tick = 0; tick < 20; tick++) {
      await (
        await runDeliveries(app.payload)
      ).settled
      const now = await records(postId)
      if (now.length === 3 && now.every((r) => r.status !== 'queued' || r.nextAttemptAt)) break
    }
    const [record] = await records(postId)
    expect(record.status).toBe('queued')
    const { docs: open } = await app.payload.find({
      collection: 'payload-jobs',
      where: { completedAt: { exists: false } },
      depth: 0,
      limit: 0,
    })
    const jobs = open.filter(
      (job) => (job.input as { record?: number } | null)?.record === record.id,
    )
    expect(jobs).toHaveLength(1)
    expect(jobs[0].queue).toBe(DELIVERY_QUEUE)
    expect(jobs[0].input).toEqual({ record: record.id, revision: record.pending?.revision })
    expect(new Date(jobs[0].waitUntil!).getTime()).toBeGreaterThanOrEqual(started + 119_000)
    expect(new Date(jobs[0].waitUntil!).getTime()).toBe(new Date(record.nextAttemptAt!).getTime())
    // Not claimed before its time.
    await (
      await runDeliveries(app.payload)
    ).settled
    expect(receivers[0].requests).toHaveLength(1)
    await app.payload.delete({ collection: 'payload-jobs', id: jobs[0].id })
  })

  it('makes exactly one remote copy when the receiver commits and the answer is lost', async () => {
    receivers[0].script.push({ kind: 'commit-then-drop' })
    const created = receivers[0].created()
    const postId = await publishPost('Lost answer')
    await drainDeliveries(app.payload)
    const [record] = await records(postId)
    expect(record.status).toBe('published')
    const keys = receivers[0].requests.map((r) => r.idempotencyKey)
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(1)
    expect(receivers[0].created()).toBe(created + 1)
    expect(record.remoteId).toBe(`copy-${created + 1}`)
  })

  it('sets a delivery job that breaks unexpectedly aside for later, and still delivers the rest', async () => {
    // Not a destination's failure (those are recorded on the record) but a broken job: its record
    // id is out of the integer range, so the database refuses the lookup.
    const broken = await app.payload.jobs.queue({
      task: 'publishing-deliver',
      queue: 'publishing',
      input: { record: 2 ** 40, revision: 1 },
    })
    const postId = await publishPost('Beside a broken job')
    const started = Date.now()
    for (let tick = 0; tick < 20; tick++) {
      await (
        await runDeliveries(app.payload)
      ).settled
      if ((await records(postId)).every((r) => r.status === 'published')) break
    }
    expect((await records(postId)).map((r) => r.status)).toEqual([
      'published',
      'published',
      'published',
    ])
    const job = await app.payload.findByID({ collection: 'payload-jobs', id: broken.id, depth: 0 })
    expect(job.processing).toBe(false)
    expect(Number(job.totalTried)).toBe(1)
    expect(job.hasError).toBe(false)
    expect(new Date(job.waitUntil!).getTime()).toBeGreaterThanOrEqual(started + 29_000)
    // Not claimed again before its time: another tick leaves it alone.
    await (
      await runDeliveries(app.payload)
    ).settled
    expect(
      Number(
        (await app.payload.findByID({ collection: 'payload-jobs', id: broken.id, depth: 0 }))
          .totalTried,
      ),
    ).toBe(1)
    await app.payload.delete({ collection: 'payload-jobs', id: broken.id })
  })
})

describe('endpoints', () => {
  it('keeps publishing records read-only for every API client, admins included', async () => {
    const postId = await publishPost('Read-only records')
    await drainDeliveries(app.payload)
    const [record] = await records(postId)
    const create = await app.api.post('/publishing-records', {
      auth: world.actors.admin,
      body: {
        status: 'published',
        site: world.siteA,
        integration: integrations[0],
        documentCollection: 'posts',
        documentId: postId,
        recordKey: 'x',
      },
    })
    expect(create.status).toBe(403)
    const update = await app.api.patch(`/publishing-records/${record.id}`, {
      auth: world.actors.admin,
      body: { status: 'failed' },
    })
    expect(update.status).toBe(403)
    const remove = await app.api.delete(`/publishing-records/${record.id}`, {
      auth: world.actors.admin,
    })
    expect(remove.status).toBe(403)
    expect((await records(postId))[0].status).toBe('published')
    const read = await app.api.get(`/publishing-records/${record.id}`, {
      auth: world.actors.editorA,
    })
    expect(read.body).toMatchObject({ status: 'published', remoteId: record.remoteId })
    expect(
      (await app.api.get(`/publishing-records/${record.id}`, { auth: world.actors.editorB }))
        .status,
    ).toBe(404)
  })

  it('tests a connection for admins and editors of the site only', async () => {
    const id = integrations[0]
    const ok = await app.api.post(`/integrations/${id}/test-connection`, {
      auth: world.actors.editorA,
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ ok: true })
    expect(receivers[0].requests.map((r) => [r.event, r.signatureValid])).toEqual([['ping', true]])
    for (const actor of ['editorB', 'anonymous', 'apiKey'] as const) {
      const res = await app.api.post(`/integrations/${id}/test-connection`, {
        auth: world.actors[actor],
      })
      expect(res.status).toBe(403)
    }
  })

  it('answers the public and API keys alike for an integration that exists and one that does not', async () => {
    for (const actor of ['anonymous', 'apiKey'] as const) {
      const [real, missing] = await Promise.all(
        [integrations[0], 987654321].map((id) =>
          app.api.post(`/integrations/${id}/test-connection`, { auth: world.actors[actor] }),
        ),
      )
      expect([real!.status, missing!.status]).toEqual([403, 403])
      expect(missing!.body).toEqual(real!.body)
    }
  })

  it('reports a failing destination as ok: false with what went wrong, not a 500', async () => {
    receivers[0].script.push({ kind: 'status', status: 401, message: 'bad signature' })
    const res = await app.api.post(`/integrations/${integrations[0]}/test-connection`, {
      auth: world.actors.admin,
    })
    expect(res.status).toBe(200)
    expect(res.body.ok).toBe(false)
    expect(res.body.message).toMatch(/401: bad signature/)
  })

  it('refuses to publish drafts, unknown documents and foreign integrations, saying why', async () => {
    const draft = await app.payload.create({
      collection: 'posts',
      data: { title: 'Not yet', site: world.siteA },
      draft: true,
    })
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ collection: 'posts', id: draft.id }, 400, /publish it first/],
      [{ collection: 'posts', id: 999999 }, 404, /no posts with id/],
      [{ collection: 'users', id: 1 }, 400, /"collection" must be one of/],
      [{ collection: 'posts', id: 'x' }, 400, /"id" must be/],
    ]
    for (const [body, status, message] of cases) {
      const res = await app.api.post('/publishing/publish', { auth: world.actors.editorA, body })
      expect([res.status, res.body.errors?.[0]?.message]).toEqual([
        status,
        expect.stringMatching(message),
      ])
    }
    const published = await publishPost('Published one')
    const foreign = await createIntegration('Other site hook', receivers[0].url, world.siteB)
    const res = await app.api.post('/publishing/publish', {
      auth: world.actors.admin,
      body: { collection: 'posts', id: published, integrations: [foreign] },
    })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/Not active integrations of this site/)
    const editorB = await app.api.post('/publishing/publish', {
      auth: world.actors.editorB,
      body: { collection: 'posts', id: published },
    })
    expect(editorB.status).toBe(403)
  })
})
