/**
 * A delivery slower than the job lease: the runner keeps ticking (reclaiming expired leases and
 * claiming due jobs) while the destination takes three times the lease to answer. The running
 * delivery renews its lease, so the destination sees it once.
 */
import http from 'http'

import { DELIVER_TASK } from '@plugins/publishing/defaults'
import { DELIVERY_QUEUE, poolOf, runDeliveries } from '@plugins/publishing/exports/server'
import { holdLease, JOBS_TABLE } from '@plugins/publishing/queue/jobLease'

import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'
import { pendingDeliveries } from '../helpers/deliveries'
import { waitFor } from '../helpers/wait'

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
        res.end(
          JSON.stringify({
            id: `copy-${received.length}`,
            url: `https://receiver.example/${received.length}`,
          }),
        )
      }, ANSWER_AFTER_MS)
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`
}

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  await startSlowReceiver()
  await app.payload.create({
    collection: 'integrations',
    data: {
      name: 'Slow hook',
      site: world.siteA,
      platform: 'webhook',
      config: { url: receiverUrl },
      credentials: { signingSecret: 'lease-secret' },
    },
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
  const post = await app.payload.create({
    collection: 'posts',
    data: { title: 'Slow to deliver', site: world.siteA, _status: 'published' },
  })
  await tickUntilIdle(30_000)
  // A few more ticks after the delivery: nothing may run again.
  for (let i = 0; i < 5; i++) await (await runDeliveries(app.payload)).settled

  expect(received).toHaveLength(1)
  const { docs } = await app.payload.find({
    collection: 'publishing-records',
    where: { documentId: { equals: post.id } },
    depth: 0,
  })
  expect(docs).toHaveLength(1)
  expect(docs[0]).toMatchObject({ status: 'published', remoteId: 'copy-1', attempts: 1 })
}, 60_000)

it('leaves alone a job that another runner claimed after this one stalled past its lease', async () => {
  const pool = poolOf(app.payload)
  const job = await app.payload.jobs.queue({
    task: DELIVER_TASK,
    queue: DELIVERY_QUEUE,
    input: { record: 0, revision: 0 },
  })
  const claim = async () =>
    (
      await pool.query<{ updated_at: Date }>(
        `update ${JOBS_TABLE} set processing = true, updated_at = now() where id = $1 returning updated_at`,
        [job.id],
      )
    ).rows[0]!
  // This runner claims the job and holds its lease; renewals would come every 333 ms.
  const lease = holdLease(
    app.payload,
    pool,
    { id: job.id, updated_at: (await claim()).updated_at },
    1_000,
  )
  // It stalls, the lease runs out, and another runner claims the job (a new updated_at).
  await sleep(5)
  await claim()
  await sleep(700) // a renewal finds out; settling must refuse either way
  expect(await lease.settle(`delete from ${JOBS_TABLE} where id = $1 and updated_at = $2`)).toBe(
    false,
  )
  const { rows } = await pool.query(`select processing from ${JOBS_TABLE} where id = $1`, [job.id])
  expect(rows).toEqual([{ processing: true }])
  await pool.query(`delete from ${JOBS_TABLE} where id = $1`, [job.id])
})

it('settles a job it still owns, after renewing its lease', async () => {
  const pool = poolOf(app.payload)
  const job = await app.payload.jobs.queue({
    task: DELIVER_TASK,
    queue: DELIVERY_QUEUE,
    input: { record: 0, revision: 0 },
  })
  const { rows: claimed } = await pool.query<{ updated_at: Date }>(
    `update ${JOBS_TABLE} set processing = true, updated_at = now() where id = $1 returning updated_at`,
    [job.id],
  )
  const lease = holdLease(
    app.payload,
    pool,
    { id: job.id, updated_at: claimed[0]!.updated_at },
    300,
  )
  const updatedAt = async () =>
    (
      await pool.query<{ updated_at: Date }>(`select updated_at from ${JOBS_TABLE} where id = $1`, [
        job.id,
      ])
    ).rows[0]!.updated_at.getTime()
  // Two renewals, each a new token.
  await waitFor(
    async () => (await updatedAt()) > claimed[0]!.updated_at.getTime(),
    10_000,
    'a first renewal',
  )
  const first = await updatedAt()
  await waitFor(async () => (await updatedAt()) > first, 10_000, 'a second renewal')
  expect(await lease.settle(`delete from ${JOBS_TABLE} where id = $1 and updated_at = $2`)).toBe(
    true,
  )
  expect((await pool.query(`select id from ${JOBS_TABLE} where id = $1`, [job.id])).rows).toEqual(
    [],
  )
})
