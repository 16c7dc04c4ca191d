/**
 * Graceful shutdown of `npm run worker`: SIGTERM while deliveries are in flight lets them finish,
 * then the worker closes its pool and exits 0, calmly. No record is left `publishing`.
 */
import http from 'http'

import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'
import { waitFor } from '../helpers/wait'
import { exited, killWorkers, startReadyWorker, type Worker } from '../helpers/worker'

/** A webhook destination that holds every request until the test lets them through. */
const startGate = async () => {
  const held: Array<() => void> = []
  let open = false
  let minted = 0
  const server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const answer = () => {
        const id = `copy-${++minted}`
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ id, url: `https://gate.example/${id}` }))
      }
      if (open) answer()
      else held.push(answer)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}/hook`,
    held: () => held.length,
    release: () => {
      open = true
      for (const answer of held.splice(0)) answer()
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let app: TestApp
let world: World
let gate: Awaited<ReturnType<typeof startGate>>
const workers: Worker[] = []

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  gate = await startGate()
  await app.payload.create({
    collection: 'integrations',
    data: {
      name: 'Gate',
      site: world.siteA,
      platform: 'webhook',
      config: { url: gate.url },
      credentials: { signingSecret: 'gate-secret' },
    },
  })
})
afterEach(() => killWorkers(workers))
afterAll(async () => {
  await gate.close()
  await app.close()
})

it('finishes the deliveries in flight on SIGTERM, then exits 0 without error lines', async () => {
  const worker = await startReadyWorker(app.databaseUri)
  workers.push(worker)
  const posts = 3
  for (let i = 0; i < posts; i++) {
    await app.payload.create({
      collection: 'posts',
      data: { title: `In flight ${i}`, site: world.siteA, _status: 'published' },
    })
  }
  await waitFor(
    async () => gate.held() === posts,
    60_000,
    `${posts} deliveries to reach the destination`,
  )

  worker.kill('SIGTERM')
  await waitFor(
    async () => worker.output().includes('finishing the work in flight'),
    10_000,
    'the worker to start stopping',
  )
  gate.release()
  await exited(worker)

  expect(worker.exitCode).toBe(0)
  const { docs } = await app.payload.find({ collection: 'publishing-records', limit: 0, depth: 0 })
  expect(docs).toHaveLength(posts)
  expect(docs.filter((record) => record.status === 'publishing')).toEqual([])
  expect(docs.every((record) => record.status === 'published' || record.status === 'queued')).toBe(
    true,
  )
  const output = worker.output()
  expect(output).not.toMatch(/ERROR|uncaught|Cannot use a pool|terminating connection/i)
  expect(output).toContain('delivery worker stopped')
}, 180_000)
