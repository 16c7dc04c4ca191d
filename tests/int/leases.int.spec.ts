/**
 * A delivery slower than the job lease: the runner keeps ticking (reclaiming expired leases and
 * claiming due jobs) while the destination takes three times the lease to answer. The running
 * delivery renews its lease, so the destination sees it once.
 */
import http from 'http'

import { runDeliveries } from '@plugins/publishing'

import type { World } from '../helpers/fixtures'
import { startWorld, type TestApp } from '../helpers/app'
import { pendingDeliveries } from '../helpers/deliveries'

// Read by src/config/publishing.ts when the app starts below.
process.env.JOBS_LEASE_SECONDS = '1'
const ANSWER_AFTER_MS = 3_000

let app: TestApp
let world: World
let receiver: http.Server
let receiverUrl: string
const received: string[] = []

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A webhook destination that takes its time: it answers each request after ANSWER_AFTER_MS. */
const startSlowReceiver = async (): Promise<void> => {
  receiver = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      received.push(String(req.headers['idempotency-key']))
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ id: `copy-${received.length}`, url: `https://receiver.example/${received.length}` }))
      }, ANSWER_AFTER_MS)
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
}

beforeAll(async () => {
  ({ app, world } = await startWorld())
  await startSlowReceiver()
  await app.payload.create({
    collection: 'integrations',
    data: { name: 'Slow hook', site: world.siteA, platform: 'webhook', config: { url: receiverUrl }, credentials: { signingSecret: 'lease-secret' } },
  })
})
afterAll(async () => {
  receiver.closeAllConnections()
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
  await app.close()
})

/** Ticks the runner every 100 ms, as a busy runner would, until nothing is left to do. */
const tickUntilIdle = async (timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  const running: Promise<unknown>[] = []
  while (Date.now() < deadline) {
    const { settled } = await runDeliveries(app.payload)
    running.push(settled)
    if ((await pendingDeliveries(app.payload)) === 0) break
    await sleep(100)
  }
  await Promise.all(running)
}

it('renews the lease of a delivery that outlives it, so the destination sees it once', async () => {
  const post = await app.payload.create({ collection: 'posts', data: { title: 'Slow to deliver', site: world.siteA, _status: 'published' } })
  await tickUntilIdle(30_000)
  // A few more ticks after the delivery: nothing may run again.
  for (let i = 0; i < 5; i++) await (await runDeliveries(app.payload)).settled

  expect(received).toHaveLength(1)
  const { docs } = await app.payload.find({ collection: 'publishing-records', where: { documentId: { equals: post.id } }, depth: 0 })
  expect(docs).toHaveLength(1)
  expect(docs[0]).toMatchObject({ status: 'published', remoteId: 'copy-1', attempts: 1 })
}, 60_000)
