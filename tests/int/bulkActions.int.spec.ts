/**
 * The list views' bulk actions (`POST /api/publishing/bulk`), "Retry all failed" on a destination
 * and "Publish now" to chosen destinations, against real HTTP receivers on loopback.
 */

import { MAX_BULK_DOCUMENTS } from '@plugins/publishing/defaults'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries, pendingDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startReceiver, type Receiver } from '../helpers/receiver'

const SECRET = 'webhook-signing-secret'

let app: TestApp
let world: World
/** Two receivers on site A, one on site B. */
let receivers: Receiver[]
let hookA1: number
let hookA2: number
let hookB: number

const createIntegration = async (name: string, url: string, site: number): Promise<number> => {
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

const publishPost = async (title: string, site = world.siteA) => {
  const doc = await app.payload.create({
    collection: 'posts',
    data: { title, site, _status: 'published', content: lexicalParagraph(`${title} body`) },
  })
  return doc.id as number
}

const recordsOf = async (postId: number) =>
  Object.fromEntries(
    (
      await app.payload.find({
        collection: 'publishing-records',
        where: { documentId: { equals: postId }, documentCollection: { equals: 'posts' } },
        depth: 0,
        limit: 0,
      })
    ).docs.map((r) => [r.integration as number, r.status]),
  )

const bulk = (body: Record<string, unknown>, auth = world.actors.editorA) =>
  app.api.post('/publishing/bulk', { auth, body: { collection: 'posts', ...body } })

/** The titles a receiver was sent as copies to make or update. */
const titlesAt = (receiver: Receiver) =>
  receiver.requests
    .filter((r) => r.event === 'publish' || r.event === 'update')
    .map((r) => r.document?.title)

const forgetRequests = () => {
  for (const receiver of receivers) receiver.requests.length = 0
}

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receivers = await Promise.all([0, 1, 2].map(() => startReceiver(SECRET)))
  hookA1 = await createIntegration('Hook A1', receivers[0].url, world.siteA)
  hookA2 = await createIntegration('Hook A2', receivers[1].url, world.siteA)
  hookB = await createIntegration('Hook B', receivers[2].url, world.siteB)
  // Site B publishes nothing by itself: its only rule is manual, so only an explicit choice sends there.
  await app.payload.create({
    collection: 'publishing-rules',
    data: { site: world.siteB, name: 'By hand', destinations: [hookB], trigger: 'manual' },
  })
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

describe('bulk actions', () => {
  it('refuses bad bodies with a sentence, and ids in every shape without a 500', async () => {
    const post = await publishPost('Shapes')
    await drainDeliveries(app.payload)
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ action: 'nuke', ids: [post], integrations: [hookA1] }, /"action" must be one of/],
      [
        { collection: 'users', action: 'publish', ids: [post], integrations: [hookA1] },
        /"collection"/,
      ],
      [{ action: 'publish', ids: [], integrations: [hookA1] }, /"ids" must be a list/],
      [{ action: 'publish', ids: post, integrations: [hookA1] }, /"ids" must be a list/],
      [{ action: 'publish', ids: [{ id: post }], integrations: [hookA1] }, /Item 1 of "ids"/],
      [{ action: 'publish', ids: ['1e3'], integrations: [hookA1] }, /not a numeric id/],
      [{ action: 'publish', ids: [post, 2.5], integrations: [hookA1] }, /Item 2 of "ids"/],
      [{ action: 'publish', ids: [post, 2 ** 40], integrations: [hookA1] }, /does not exist/],
      [{ action: 'publish', ids: [post], integrations: [] }, /"integrations" must be a list/],
      [{ action: 'publish', ids: [post], integrations: [{}] }, /Item 1 of "integrations"/],
      [{ action: 'publish', ids: [post], integrations: [2 ** 33] }, /Not active destinations/],
      [{ action: 'publish', ids: [post], integrations: [hookB] }, /Not active destinations/],
      [
        {
          action: 'publish',
          ids: Array.from({ length: MAX_BULK_DOCUMENTS + 1 }, (_, i) => i + 1),
          integrations: [hookA1],
        },
        /at most 500 go in one request/,
      ],
    ]
    for (const [body, message] of cases) {
      const res = await bulk(body)
      expect([res.status, res.body.errors?.[0]?.message]).toEqual([
        400,
        expect.stringMatching(message),
      ])
    }
    const anonymous = await bulk({ action: 'publish', ids: [post], integrations: [hookA1] }, null)
    expect(anonymous.status).toBe(401)
    expect(await pendingDeliveries(app.payload)).toBe(0)
  })

  it("refuses the whole selection when one document is another site's or a draft, listing each", async () => {
    const mine = await publishPost('Mine')
    const theirs = await publishPost('Theirs', world.siteB)
    const draft = await app.payload.create({
      collection: 'posts',
      data: { title: 'Draft', site: world.siteA },
      draft: true,
    })
    await drainDeliveries(app.payload)
    forgetRequests()
    const res = await bulk({
      action: 'publish',
      ids: [mine, theirs, draft.id, 999999],
      integrations: [hookA1],
    })
    expect(res.status).toBe(403)
    expect(res.body.refused).toEqual([
      { id: String(theirs), reason: 'belongs to a site you do not work on' },
      { id: String(draft.id), reason: 'is not published: publish it first' },
      { id: '999999', reason: 'does not exist' },
    ])
    // Nothing half-done: the editor's own document was not sent either.
    expect(await pendingDeliveries(app.payload)).toBe(0)
    await drainDeliveries(app.payload)
    expect(receivers.map((r) => r.requests.length)).toEqual([0, 0, 0])
  })

  it('sends a selection spanning two sites only to the chosen destinations of each site', async () => {
    const a = await publishPost('Across A')
    const b = await publishPost('Across B', world.siteB)
    await drainDeliveries(app.payload)
    forgetRequests()

    const preview = await bulk(
      { action: 'publish', ids: [a, b], integrations: [hookA1, hookB], preview: true },
      world.actors.admin,
    )
    expect(preview.status).toBe(200)
    expect(preview.body.sites).toEqual([
      expect.objectContaining({
        name: 'Site A',
        documents: [a],
        destinations: [
          { id: hookA1, name: 'Hook A1' },
          { id: hookA2, name: 'Hook A2' },
        ],
        chosen: [hookA1],
        summary: 'Site A: 1 post will be published to Hook A1.',
      }),
      expect.objectContaining({ name: 'Site B', documents: [b], chosen: [hookB] }),
    ])
    expect(await pendingDeliveries(app.payload)).toBe(0)

    const res = await bulk(
      { action: 'publish', ids: [a, String(b)], integrations: [hookA1, hookB] },
      world.actors.admin,
    )
    expect(res.status).toBe(202)
    expect(res.body.changed).toBe(2)
    await drainDeliveries(app.payload)
    expect(titlesAt(receivers[0])).toEqual(['Across A'])
    expect(titlesAt(receivers[1])).toEqual([])
    // Site B's rule is manual: only the explicit choice sent it there.
    expect(titlesAt(receivers[2])).toEqual(['Across B'])
    expect(await recordsOf(b)).toEqual({ [hookB]: 'published' })
  })

  it('unpublishes from one destination only, leaving the other copy', async () => {
    const post = await publishPost('Two copies')
    await drainDeliveries(app.payload)
    expect(await recordsOf(post)).toEqual({ [hookA1]: 'published', [hookA2]: 'published' })
    forgetRequests()

    const res = await bulk({ action: 'unpublish', ids: [post], integrations: [hookA1] })
    expect(res.status).toBe(202)
    await drainDeliveries(app.payload)
    expect(receivers[0].requests.map((r) => r.event)).toEqual(['unpublish'])
    expect(receivers[1].requests).toEqual([])
    expect(await recordsOf(post)).toEqual({ [hookA1]: 'unpublished', [hookA2]: 'published' })
  })

  it('retries only the failed deliveries at the chosen destination', async () => {
    receivers[0].script.push({ kind: 'status', status: 400, message: 'refused once' })
    const post = await publishPost('Failed once')
    await drainDeliveries(app.payload)
    expect(await recordsOf(post)).toEqual({ [hookA1]: 'failed', [hookA2]: 'published' })
    forgetRequests()

    const res = await bulk({ action: 'retry', ids: [post], integrations: [hookA1, hookA2] })
    expect(res.status).toBe(202)
    expect(res.body.changed).toBe(1)
    await drainDeliveries(app.payload)
    expect(titlesAt(receivers[0])).toEqual(['Failed once'])
    expect(receivers[1].requests).toEqual([])
    expect(await recordsOf(post)).toEqual({ [hookA1]: 'published', [hookA2]: 'published' })
  })
})

describe('Retry all failed', () => {
  it("re-queues every failed delivery of a destination, for its site's editors and admins", async () => {
    receivers[1].script.push(
      { kind: 'status', status: 400, message: 'no' },
      { kind: 'status', status: 400, message: 'no' },
    )
    const first = await publishPost('Retry all 1')
    const second = await publishPost('Retry all 2')
    await drainDeliveries(app.payload)
    expect((await recordsOf(first))[hookA2]).toBe('failed')
    expect((await recordsOf(second))[hookA2]).toBe('failed')
    forgetRequests()

    const other = await app.api.post(`/integrations/${hookA2}/retry-failed`, {
      auth: world.actors.editorB,
    })
    expect(other.status).toBe(403)
    const odd = await app.api.post('/integrations/abc/retry-failed', { auth: world.actors.editorA })
    expect(odd.status).toBe(400)
    const res = await app.api.post(`/integrations/${hookA2}/retry-failed`, {
      auth: world.actors.editorA,
    })
    expect(res.status).toBe(202)
    expect(res.body).toMatchObject({
      retried: 2,
      message: '2 failed deliveries of "Hook A2" queued again.',
    })
    await drainDeliveries(app.payload)
    expect(titlesAt(receivers[1]).sort()).toEqual(['Retry all 1', 'Retry all 2'])
    expect(receivers[0].requests).toEqual([])
    expect((await recordsOf(first))[hookA2]).toBe('published')

    const again = await app.api.post(`/integrations/${hookA2}/retry-failed`, {
      auth: world.actors.admin,
    })
    expect(again.body).toMatchObject({ retried: 0 })
  })
})

describe('Publish now to chosen destinations', () => {
  it('delivers only to the destinations picked', async () => {
    const post = await publishPost('Picked')
    await drainDeliveries(app.payload)
    forgetRequests()
    const res = await app.api.post('/publishing/publish', {
      auth: world.actors.editorA,
      body: { collection: 'posts', id: post, integrations: [hookA2] },
    })
    expect(res.status).toBe(202)
    await drainDeliveries(app.payload)
    expect(titlesAt(receivers[0])).toEqual([])
    expect(titlesAt(receivers[1])).toEqual(['Picked'])
  })
})
