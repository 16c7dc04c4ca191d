/**
 * `npm run bench:scale`: does a second runner process make deliveries faster, and does everything
 * still happen once? (see bench/README.md)
 *
 * One PostgreSQL database; `npm run worker` processes (scripts/worker.ts, the same runner and sync
 * scheduler an app instance starts in its onInit) run 1, then 2 at once. Each run publishes its
 * own batch of posts to a site with webhook destinations on a local receiver that answers after a
 * fixed delay, and times from releasing the batch's fan-outs to the last arrival. Then it checks
 * that every (post, destination) arrived exactly once, that every record was delivered in one
 * attempt and no job is left, and that the sync scheduler queued each due sync once per interval
 * across all the processes. Exits 0 even when a goal is missed; only errors exit non-zero.
 */

import type { Payload } from 'payload'

import os from 'os'

import { paragraph } from '@/utilities/richText'

import { releasePool } from '../scripts/lib/releasePool'
import { arrivalKey, startCountingReceiver, type CountingReceiver } from './lib/countingReceiver'
import { cpuMeter, processCpuS } from './lib/cpu'
import { migrate, provideBenchDatabase, queryOn, useBenchEnvironment } from './lib/database'
import { startFakeWordPress } from './lib/fakeWordPress'
import { fixed, table } from './lib/stats'
import { startWorkerProcess, type WorkerProcess } from './lib/workers'

const POSTS = Number(process.env.BENCH_SCALE_POSTS || 1000)
const DESTINATIONS = Number(process.env.BENCH_SCALE_DESTINATIONS || 2)
const RECEIVER_DELAY_MS = Number(process.env.BENCH_SCALE_DELAY_MS || 20)
const WARMUP_POSTS = Number(process.env.BENCH_SCALE_WARMUP_POSTS || 50)
const SYNC_INTEGRATIONS = 3
const SYNC_INTERVAL_MINUTES = 1
const DRAIN_TIMEOUT_MS = 15 * 60_000
const RUNS = [1, 2]

const out = (text = '') => process.stdout.write(`${text}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const loadAverage = () =>
  os
    .loadavg()
    .slice(0, 2)
    .map((n) => fixed(n, 2))
    .join(', ')

type RunResult = {
  workers: number
  deliveries: number
  seconds: number
  /** Until the last fan-out had run. */
  fanOutSeconds: number
  /** CPU the worker processes used during the drain, in cores. */
  workersCores: number
  /** CPU the whole machine used during the drain (PostgreSQL and anything else too), in cores. */
  machineCores: number
  once: number
  duplicates: number
  missing: number
  recordsOneAttempt: number
  jobsLeft: number
  syncJobs: number
  syncPerIntervalMax: number
  syncPerTickMax: number
}

/** Logs every sync job queued (by any process) into `bench_sync_log`: the scheduler's firings. */
const installSyncLog = async (uri: string): Promise<void> => {
  await queryOn(
    uri,
    `create table bench_sync_log (integration integer, at timestamptz default clock_timestamp());
     create function bench_log_sync() returns trigger language plpgsql as $$
       begin
         insert into bench_sync_log (integration) values ((new.input ->> 'integration')::integer);
         return new;
       end $$;
     create trigger bench_log_sync after insert on payload_jobs
       for each row when (new.queue = 'publishing-sync') execute function bench_log_sync();`,
  )
}

/** Sync jobs queued since `since`: total, and the most for one integration in one interval and in one 5 s tick. */
const syncFirings = async (uri: string, since: Date) => {
  const { rows } = await queryOn<{ integration: number; at: Date }>(
    uri,
    'select integration, at from bench_sync_log where at >= $1 order by at',
    [since],
  )
  const most = (bucketMs: number) => {
    const counts = new Map<string, number>()
    for (const row of rows) {
      const key = `${row.integration}:${Math.floor(row.at.getTime() / bucketMs)}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    return Math.max(0, ...counts.values())
  }
  // Also catch two firings closer than the interval that fall on both sides of a bucket edge.
  const last = new Map<number, number>()
  let tooClose = 0
  for (const row of rows) {
    const previous = last.get(row.integration)
    if (previous !== undefined && row.at.getTime() - previous < SYNC_INTERVAL_MINUTES * 60_000 - 1)
      tooClose++
    last.set(row.integration, row.at.getTime())
  }
  return {
    total: rows.length,
    perInterval: Math.max(most(SYNC_INTERVAL_MINUTES * 60_000), tooClose ? 2 : 0),
    perTick: most(5000),
  }
}

class ScaleBench {
  private site = 0
  private destinations: { id: number; path: string }[] = []

  constructor(
    private readonly payload: Payload,
    private readonly uri: string,
    private readonly receiver: CountingReceiver,
  ) {}

  async setUp(fakeWordPressUrl: string): Promise<void> {
    const { payload } = this
    this.site = (
      await payload.create({ collection: 'sites', data: { name: 'Scale', siteType: 'blog' } })
    ).id
    for (let n = 1; n <= DESTINATIONS; n++) {
      const integration = await payload.create({
        collection: 'integrations',
        data: {
          name: `Receiver ${n}`,
          site: this.site,
          platform: 'webhook',
          config: { url: this.receiver.urlOf(String(n)) },
          credentials: { signingSecret: 'bench-signing-secret' },
        },
      })
      this.destinations.push({ id: integration.id, path: `/hook/${n}` })
    }
    // Syncing integrations on a site of their own, so that they receive none of the posts.
    const syncSite = (
      await payload.create({ collection: 'sites', data: { name: 'Synced', siteType: 'blog' } })
    ).id
    for (let n = 1; n <= SYNC_INTEGRATIONS; n++) {
      await payload.create({
        collection: 'integrations',
        data: {
          name: `Synced WordPress ${n}`,
          site: syncSite,
          platform: 'wordpress',
          config: { siteUrl: fakeWordPressUrl },
          credentials: { username: 'bench', applicationPassword: 'bench' },
          syncEnabled: true,
          syncIntervalMinutes: SYNC_INTERVAL_MINUTES,
        },
      })
    }
  }

  /** Publishes `count` posts; their fan-outs run as soon as a worker claims them. Returns their ids. */
  async publish(label: string, count: number): Promise<number[]> {
    const ids: number[] = []
    for (let i = 0; i < count; i++) {
      const title = `${label} post ${i + 1}`
      const post = await this.payload.create({
        collection: 'posts',
        data: { title, site: this.site, _status: 'published', content: paragraph(`${title} body`) },
      })
      ids.push(post.id)
    }
    return ids
  }

  /** Publishes a batch of posts; their fan-out jobs are held back until `release`. Returns their ids. */
  async publishBatch(label: string): Promise<number[]> {
    const ids = await this.publish(label, POSTS)
    await queryOn(
      this.uri,
      `update payload_jobs set wait_until = now() + interval '1 day'
        where queue = 'publishing-fanout' and completed_at is null`,
    )
    return ids
  }

  /** Lets the held fan-outs run, and makes every syncing integration due now. */
  async release(): Promise<void> {
    await queryOn(
      this.uri,
      `update integrations set last_sync_at = null where sync_enabled;
       update payload_jobs set wait_until = null where queue = 'publishing-fanout' and completed_at is null`,
    )
  }

  /** Publishing jobs not finished (due or not, failed ones included). */
  async jobsLeft(): Promise<number> {
    const { rows } = await queryOn<{ n: string }>(
      this.uri,
      `select count(*) as n from payload_jobs
        where queue in ('publishing-fanout', 'publishing') and completed_at is null`,
    )
    return Number(rows[0]?.n ?? 0)
  }

  expectedKeys(ids: number[]): string[] {
    return ids.flatMap((id) => this.destinations.map((d) => arrivalKey(d.path, 'posts', id)))
  }

  /** Fan-out jobs not finished. */
  async fanOutsLeft(): Promise<number> {
    const { rows } = await queryOn<{ n: string }>(
      this.uri,
      `select count(*) as n from payload_jobs where queue = 'publishing-fanout' and completed_at is null`,
    )
    return Number(rows[0]?.n ?? 0)
  }

  /** Waits for every key to arrive and the queues to empty; returns the seconds taken, and until the fan-outs were done. */
  async drain(
    keys: string[],
    emptyQueues = true,
  ): Promise<{ seconds: number; fanOutSeconds: number }> {
    const started = performance.now()
    const arrived = () => keys.filter((key) => this.receiver.arrivals().has(key)).length
    let fanOutSeconds = Number.NaN
    for (;;) {
      if (Number.isNaN(fanOutSeconds) && (await this.fanOutsLeft()) === 0)
        fanOutSeconds = (performance.now() - started) / 1000
      if (arrived() === keys.length && (!emptyQueues || (await this.jobsLeft()) === 0))
        return { seconds: (performance.now() - started) / 1000, fanOutSeconds }
      if (performance.now() - started > DRAIN_TIMEOUT_MS)
        throw new Error(`only ${arrived()} of ${keys.length} deliveries arrived in time`)
      await sleep(50)
    }
  }

  /** Records of `ids` delivered in exactly one attempt. */
  async recordsOneAttempt(ids: number[]): Promise<number> {
    const { rows } = await queryOn<{ n: string }>(
      this.uri,
      `select count(*) as n from publishing_records
        where document_id = any($1::numeric[]) and status = 'published' and attempts = 1`,
      [ids],
    )
    return Number(rows[0]?.n ?? 0)
  }

  async run(workers: number): Promise<RunResult> {
    out(`  ${workers} worker(s): publishing ${POSTS} posts (fan-outs held back) …`)
    const ids = await this.publishBatch(`w${workers}`)
    const keys = this.expectedKeys(ids)
    const processes: WorkerProcess[] = []
    try {
      for (let i = 0; i < workers; i++) processes.push(await startWorkerProcess())
      // Warm the workers up (JIT, caches, pool) on a small batch first: steady state is measured.
      out(`  ${workers} worker(s) warming up on ${WARMUP_POSTS * workers} posts …`)
      const warmUp = await this.publish(`w${workers} warm-up`, WARMUP_POSTS * workers)
      // The held batch is still queued: wait for the warm-up's arrivals only.
      await this.drain(this.expectedKeys(warmUp), false)
      out(
        `  ${workers} worker(s) running (pids ${processes.map((p) => p.pid).join(', ')}); draining …`,
      )
      const since = new Date()
      const machine = cpuMeter()
      const workerCpu = () => processes.reduce((sum, p) => sum + (processCpuS(p.pid) ?? 0), 0)
      const workerCpuBefore = workerCpu()
      await this.release()
      const { seconds, fanOutSeconds } = await this.drain(keys)
      const cpu = machine.stop()
      const workersCores = (workerCpu() - workerCpuBefore) / cpu.wallS
      // Let the scheduler tick a few more times in every process: a second firing would show.
      await sleep(11_000)
      const arrivals = this.receiver.arrivals()
      const counts = keys.map((key) => arrivals.get(key) ?? 0)
      const sync = await syncFirings(this.uri, since)
      return {
        workers,
        deliveries: keys.length,
        seconds,
        fanOutSeconds,
        workersCores,
        machineCores: cpu.machineS === null ? Number.NaN : cpu.machineS / cpu.wallS,
        once: counts.filter((n) => n === 1).length,
        duplicates: counts.filter((n) => n > 1).length,
        missing: counts.filter((n) => n === 0).length,
        recordsOneAttempt: await this.recordsOneAttempt(ids),
        jobsLeft: await this.jobsLeft(),
        syncJobs: sync.total,
        syncPerIntervalMax: sync.perInterval,
        syncPerTickMax: sync.perTick,
      }
    } finally {
      for (const worker of processes) await worker.stop()
    }
  }
}

const report = (results: RunResult[]): void => {
  const base = results[0]!.deliveries / results[0]!.seconds
  const ok = (r: RunResult) =>
    r.once === r.deliveries &&
    r.recordsOneAttempt === r.deliveries &&
    r.jobsLeft === 0 &&
    r.syncJobs >= SYNC_INTEGRATIONS &&
    r.syncPerIntervalMax <= 1
  out(
    table(
      [
        'workers',
        'deliveries',
        'drain s',
        'fan-outs done s',
        'deliveries/s',
        'ratio',
        'workers CPU',
        'machine CPU',
        'arrived once',
        'twice+',
        'missing',
        'records, 1 attempt',
        'jobs left',
        'sync jobs',
        'max per interval',
        'max per 5 s tick',
        'exactly once',
      ],
      results.map((r) => {
        const rate = r.deliveries / r.seconds
        return [
          String(r.workers),
          String(r.deliveries),
          fixed(r.seconds, 1),
          fixed(r.fanOutSeconds, 1),
          fixed(rate, 1),
          fixed(rate / base, 2),
          `${fixed(r.workersCores, 2)} cores`,
          `${fixed(r.machineCores, 2)} cores`,
          String(r.once),
          String(r.duplicates),
          String(r.missing),
          String(r.recordsOneAttempt),
          String(r.jobsLeft),
          `${r.syncJobs} / ${SYNC_INTEGRATIONS}`,
          String(r.syncPerIntervalMax),
          String(r.syncPerTickMax),
          ok(r) ? 'PASS' : 'FAIL',
        ]
      }),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  )
  const last = results.at(-1)!
  const ratio = last.deliveries / last.seconds / base
  out()
  out(
    `  goal: ${last.workers} workers deliver more per second than 1 — ratio ${fixed(ratio, 2)}: ${ratio > 1 ? 'PASS' : 'MISS'}`,
  )
}

const main = async (): Promise<void> => {
  const began = performance.now()
  const db = await provideBenchDatabase()
  let payload: Payload | null = null
  const closers: (() => Promise<void>)[] = []
  try {
    useBenchEnvironment(db, { PUBLISHING_RETRY_DELAYS_MS: '60000' })
    const cpus = os.cpus()
    out('Syndicate scale-out benchmark')
    out(
      table(
        ['machine', ''],
        [
          ['CPUs', `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`],
          ['Node.js', process.version],
          ['load average (1, 5 min) at start', loadAverage()],
          ['PostgreSQL', `${db.serverVersion} — ${db.origin}, database ${db.name}`],
          [
            'work per run',
            `${POSTS} posts × ${DESTINATIONS} webhook destinations; receiver answers after ${RECEIVER_DELAY_MS} ms`,
          ],
          [
            'sync',
            `${SYNC_INTEGRATIONS} WordPress integrations syncing every ${SYNC_INTERVAL_MINUTES} min (scheduler ticks every 5 s in every process)`,
          ],
        ],
      ),
    )
    out()
    await migrate(db.uri)
    await installSyncLog(db.uri)
    const { getPayload } = await import('payload')
    const { default: config } = await import('../payload.config')
    payload = await getPayload({ config })
    payload.logger.level = 'warn'

    const receiver = await startCountingReceiver(RECEIVER_DELAY_MS)
    closers.push(receiver.close)
    const wordpress = await startFakeWordPress({ posts: 0, pages: 0 })
    closers.push(wordpress.close)

    const bench = new ScaleBench(payload, db.uri, receiver)
    await bench.setUp(wordpress.url)
    const results: RunResult[] = []
    for (const workers of RUNS) results.push(await bench.run(workers))
    out()
    out('Deliveries with 1 and 2 `npm run worker` processes on one PostgreSQL')
    report(results)
    out()
    out(
      `Total run time ${fixed((performance.now() - began) / 1000, 1)} s; load average (1, 5 min) at the end ${loadAverage()}.`,
    )
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined)
    if (payload) releasePool(payload)
    await db.dispose()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `\n[bench:scale] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
