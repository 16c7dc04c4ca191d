/**
 * Real runner processes (`npm run worker`) against one database: several of them never run a job
 * twice, and one killed mid-delivery leaves exactly one remote copy once another takes over.
 */
import { spawn } from 'child_process'

import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'
import { startReceiver, type Receiver } from '../helpers/receiver'
import { waitFor } from '../helpers/wait'
import { exited, killWorkers, startReadyWorker, type Worker } from '../helpers/worker'

const SECRET = 'runner-test-secret'

let app: TestApp
let world: World
let receiver: Receiver
const workers: Worker[] = []

const publishedCount = async () =>
  (
    await app.payload.count({
      collection: 'publishing-records',
      where: { status: { equals: 'published' } },
    })
  ).totalDocs

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receiver = await startReceiver(SECRET)
  await app.payload.create({
    collection: 'integrations',
    data: {
      name: 'Hook',
      site: world.siteA,
      platform: 'webhook',
      config: { url: receiver.url },
      credentials: { signingSecret: SECRET },
    },
  })
})
afterEach(() => killWorkers(workers))
afterAll(async () => {
  await receiver.close()
  await app.close()
})

it('runs every job exactly once with two runner processes', async () => {
  const posts = 40
  for (let i = 0; i < posts; i++) {
    await app.payload.create({
      collection: 'posts',
      data: { title: `Post ${i}`, site: world.siteA, _status: 'published' },
    })
  }
  workers.push(
    ...(await Promise.all([startReadyWorker(app.databaseUri), startReadyWorker(app.databaseUri)])),
  )
  await waitFor(
    async () => (await publishedCount()) === posts,
    180_000,
    `${posts} published records`,
  ).catch((error) => {
    throw new Error(
      `${String(error)}\n--- worker output ---\n${workers.map((w) => w.output().slice(-3000)).join('\n---\n')}`,
    )
  })
  // Let both runners tick a few more times: nothing may run again.
  await new Promise((resolve) => setTimeout(resolve, 2_500))
  expect(receiver.requests).toHaveLength(posts)
  expect(new Set(receiver.requests.map((r) => r.idempotencyKey)).size).toBe(posts)
  expect(receiver.created()).toBe(posts)
  const { docs } = await app.payload.find({ collection: 'publishing-records', limit: 0, depth: 0 })
  expect(docs.every((r) => r.attempts === 1)).toBe(true)
}, 240_000)

it('leaves one remote copy when a runner is killed between the remote call and saving its result', async () => {
  receiver.requests.length = 0
  const created = receiver.created()
  const first = await startReadyWorker(app.databaseUri)
  workers.push(first)
  receiver.script.push({ kind: 'commit-then-drop', before: () => first.kill('SIGKILL') })
  const post = await app.payload.create({
    collection: 'posts',
    data: { title: 'Interrupted', site: world.siteA, _status: 'published' },
  })
  await exited(first)
  const record = async () =>
    (
      await app.payload.find({
        collection: 'publishing-records',
        where: { documentId: { equals: post.id } },
        depth: 0,
      })
    ).docs[0]
  await waitFor(
    async () => (await record())?.status === 'publishing',
    10_000,
    'the record to be left mid-delivery',
  )

  workers.push(await startReadyWorker(app.databaseUri, { JOBS_LEASE_SECONDS: '1' }))
  await waitFor(
    async () => (await record())?.status === 'published',
    60_000,
    'the second runner to finish the delivery',
  ).catch((error) => {
    throw new Error(
      `${String(error)}\n--- worker output ---\n${workers.map((w) => w.output().slice(-3000)).join('\n---\n')}`,
    )
  })
  const requests = receiver.requests.filter((r) => r.document?.id === post.id)
  expect(requests).toHaveLength(2)
  expect(new Set(requests.map((r) => r.idempotencyKey)).size).toBe(1)
  expect(receiver.created()).toBe(created + 1)
  expect((await record())?.remoteId).toBe(`copy-${created + 1}`)
}, 240_000)

it('`npm run worker` starts a runner that delivers, and stops cleanly on SIGTERM', async () => {
  // npm itself, as a user runs it.
  const launcher = spawn('npm', ['run', '--silent', 'worker'], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URI: app.databaseUri },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  launcher.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  launcher.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  try {
    await waitFor(
      async () => output.includes('delivery worker running'),
      180_000,
      'the worker to start',
    ).catch((error) => {
      throw new Error(`${String(error)}\n--- launcher output ---\n${output.slice(-3000)}`)
    })
    const post = await app.payload.create({
      collection: 'posts',
      data: { title: 'Through npm run worker', site: world.siteA, _status: 'published' },
    })
    await waitFor(
      async () => receiver.requests.some((r) => r.document?.id === post.id),
      30_000,
      'the delivery',
    )
    launcher.kill('SIGTERM')
    await exited(launcher)
    expect(launcher.exitCode).toBe(0)
  } finally {
    launcher.kill('SIGKILL')
  }
}, 240_000)
