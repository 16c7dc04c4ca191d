/**
 * `npm run worker`, many times in a row against one migrated database: every start must come up
 * and do real work (deliver a post published after it started), then stop on SIGTERM with exit 0
 * and no error lines. There is no restart loop: a single start that ends or stalls fails the test.
 */
import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'
import { startReceiver, type Receiver } from '../helpers/receiver'
import { ALARMING, exitOf, median, npmRun, signalGroup, untilReady, type Started } from './helpers'

const RUNS = Number(process.env.STARTS_WORKER_RUNS || 20)
const SECRET = 'starts-webhook-secret'

let app: TestApp
let world: World
let receiver: Receiver
const readyTimes: number[] = []
const deliveredTimes: number[] = []
let cameUp = 0

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
afterAll(async () => {
  process.stdout.write(
    `\n[starts] npm run worker: ${cameUp} of ${RUNS} starts came up and delivered; ready median ${(median(readyTimes) / 1000).toFixed(1)} s ` +
      `(max ${(Math.max(0, ...readyTimes) / 1000).toFixed(1)} s), first delivery median ${(median(deliveredTimes) / 1000).toFixed(1)} s after ready\n`,
  )
  await receiver.close()
  await app.close()
})

it(
  `starts ${RUNS} times in a row, delivers each time, and stops on SIGTERM with exit 0`,
  async () => {
    for (let run = 1; run <= RUNS; run++) {
      const began = Date.now()
      let worker: Started | null = npmRun('worker', {
        ...process.env,
        NODE_OPTIONS: '',
        DATABASE_URI: app.databaseUri,
      })
      try {
        await untilReady(
          worker,
          async () => (worker?.output().includes('delivery worker running') ? true : null),
          180_000,
          `run ${run}: worker ready`,
        )
        const ready = Date.now()
        readyTimes.push(ready - began)
        const post = await app.payload.create({
          collection: 'posts',
          data: { title: `Start ${run}`, site: world.siteA, _status: 'published' },
        })
        await untilReady(
          worker,
          async () => (receiver.requests.some((r) => r.document?.id === post.id) ? true : null),
          60_000,
          `run ${run}: delivery of post ${post.id}`,
        )
        deliveredTimes.push(Date.now() - ready)
        cameUp++
        signalGroup(worker, 'SIGTERM')
        const code = await exitOf(worker)
        const output = worker.output()
        worker = null
        expect({ run, code }).toEqual({ run, code: 0 })
        expect(output).toContain('delivery worker stopped')
        expect(output.split('\n').filter((line) => ALARMING.test(line))).toEqual([])
      } finally {
        if (worker) {
          signalGroup(worker, 'SIGKILL')
          await exitOf(worker)
        }
      }
    }
  },
  RUNS * 5 * 60_000,
)
