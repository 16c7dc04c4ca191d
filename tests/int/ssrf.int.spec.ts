/** Destinations on private and internal addresses are refused unless explicitly allowed. */
import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { startReceiver, type Receiver } from '../helpers/receiver'

let app: TestApp
let world: World
let receiver: Receiver

beforeAll(async () => {
  // This file runs with the production default (the other tests deliver to loopback receivers).
  process.env.ALLOW_PRIVATE_DESTINATIONS = 'false'
  const started = await startWorld()
  app = started.app
  world = started.world
  receiver = await startReceiver('s')
})
afterAll(async () => {
  process.env.ALLOW_PRIVATE_DESTINATIONS = 'true'
  await receiver.close()
  await app.close()
})

const integration = async (url: string) =>
  (
    await app.payload.create({
      collection: 'integrations',
      data: {
        name: url,
        site: world.siteA,
        platform: 'webhook',
        config: { url },
        credentials: { signingSecret: 's' },
      },
    })
  ).id

it.each([
  [
    'loopback',
    'http://127.0.0.1:9/hook',
    /Refused to connect to 127\.0\.0\.1 \(loopback address\)/,
  ],
  [
    'localhost',
    'http://localhost:9/hook',
    /Refused to connect to (127\.0\.0\.1|::1) \(loopback address\)/,
  ],
  ['private network', 'http://10.1.2.3/hook', /10\.1\.2\.3 \(private network address\)/],
  [
    'cloud metadata',
    'http://169.254.169.254/latest/meta-data',
    /169\.254\.169\.254 \(cloud metadata address\)/,
  ],
  ['shared address space', 'http://100.64.0.1/', /100\.64\.0\.1 \(shared address space/],
])(
  'refuses a %s destination in the connection test, saying which address and why',
  async (_kind, url, message) => {
    const id = await integration(url)
    const res = await app.api.post(`/integrations/${id}/test-connection`, {
      auth: world.actors.admin,
    })
    expect(res.status).toBe(200)
    expect(res.body.ok).toBe(false)
    expect(res.body.message).toMatch(message)
    expect(res.body.message).toMatch(/ALLOW_PRIVATE_DESTINATIONS=true/)
  },
)

it('fails the delivery at once, without retrying, and the receiver never hears of it', async () => {
  await integration(receiver.url)
  const post = await app.payload.create({
    collection: 'posts',
    data: { title: 'Internal', site: world.siteA, _status: 'published' },
  })
  await drainDeliveries(app.payload)
  const { docs } = await app.payload.find({
    collection: 'publishing-records',
    where: { documentId: { equals: post.id } },
  })
  expect(docs.length).toBeGreaterThan(0)
  for (const record of docs) {
    expect(record.status).toBe('failed')
    expect(record.attempts).toBe(1)
    expect(record.lastError).toMatch(/Refused to connect to/)
  }
  expect(receiver.requests).toHaveLength(0)
})

it('refuses a URL that is not http(s) when the integration is saved', async () => {
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: {
      name: 'Files',
      site: world.siteA,
      platform: 'webhook',
      config: { url: 'file:///etc/passwd' },
      credentials: { signingSecret: 's' },
    },
  })
  expect(res.status).toBe(400)
  expect(JSON.stringify(res.body)).toMatch(/must be an http:\/\/ or https:\/\/ URL/)
})
