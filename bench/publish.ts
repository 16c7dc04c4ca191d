/**
 * `npm run bench:publish`: what publishing costs, on a fresh database of its own (see bench/README.md).
 *
 *   1. Save latency of publishing a post (Local API) for sites with 0, 10 and 50 webhook
 *      integrations, and 10 and 50 black-holed ones, against the 0-destination median.
 *   2. Deliveries per second to an instant local receiver, and publish → arrival time with the
 *      runner ticking at its default cadence.
 *   3. SQL statements per delivery (fan-out and delivery shares) and per save.
 *   4. "Publish everything" of 10,000 documents against ordinary publishing, and the admin's
 *      read latency meanwhile (bench/backfill.ts; BENCH_ONLY=backfill runs only this).
 *
 * Against DATABASE_URI's server when it is set (in a database `syndicate_bench_<pid>`, dropped at
 * the end), else on an embedded PostgreSQL in a temporary folder. It prints figures against the
 * goals and exits 0 even when a goal is missed; only errors exit non-zero.
 */

import type { Payload } from 'payload'

import fs from 'fs'
import os from 'os'
import path from 'path'
import pg from 'pg'

import { paragraph } from '@/utilities/richText'

import type * as Publishing from '../plugins/publishing/exports/server'

import { DELIVERY_QUEUE, FANOUT_QUEUE, poolOf } from '../plugins/publishing/exports/server'
import { releasePool } from '../scripts/lib/releasePool'
import { backfillBench } from './backfill'
import { backendCpuMeter, cpuMeter } from './lib/cpu'
import {
  migrate,
  provideBenchDatabase,
  queryOn,
  useBenchEnvironment,
  type BenchDatabase,
} from './lib/database'
import { startCpuProfile, summarise, writeProfile, type CpuProfiler } from './lib/profile'
import {
  startBlackHole,
  startInstantReceiver,
  type BlackHole,
  type InstantReceiver,
} from './lib/servers'
import { installSqlCounter, shapesOf, type SqlCounter } from './lib/sqlCounter'
import { fixed, median, quantile, table } from './lib/stats'

const WARMUP_SAVES = 10
const MEASURED_SAVES = 100
const THROUGHPUT_POSTS = 50
const THROUGHPUT_DESTINATIONS = 10
const LATENCY_SAMPLES = 5

const GOAL_SAVE_RATIO = 1.1
const GOAL_DELIVERIES_PER_S = 100
const GOAL_ARRIVAL_S = 10
const GOAL_SQL_PER_DELIVERY = 25

const SIGNING_SECRET = 'bench-signing-secret'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS')
const out = (text = '') => process.stdout.write(`${text}\n`)

type Scenario = {
  key: string
  label: string
  destinations: number
  site: number
  samples: number[]
}

class Bench {
  private stopRunner: (() => Promise<void>) | null = null

  constructor(
    private readonly payload: Payload,
    private readonly counter: SqlCounter,
    private readonly receiver: InstantReceiver,
    private readonly blackHole: BlackHole,
    private readonly publishing: typeof Publishing,
    private readonly databaseUri: string,
  ) {}

  /** Server processes serving this benchmark's database (Payload's pool), for their CPU time. */
  private async backendPids(): Promise<number[]> {
    const { rows } = await queryOn<{ pid: number }>(
      this.databaseUri,
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    )
    return rows.map((r) => r.pid)
  }

  async createSite(name: string): Promise<number> {
    return (await this.payload.create({ collection: 'sites', data: { name, siteType: 'blog' } })).id
  }

  async createIntegrations(site: number, count: number, url: string, label: string): Promise<void> {
    for (let i = 1; i <= count; i++) {
      await this.payload.create({
        collection: 'integrations',
        data: {
          name: `${label} ${i}`,
          site,
          platform: 'webhook',
          config: { url },
          credentials: { signingSecret: SIGNING_SECRET },
        },
      })
    }
  }

  async publish(site: number, title: string): Promise<void> {
    await this.payload.create({
      collection: 'posts',
      data: { title, site, _status: 'published', content: paragraph(`${title} body`) },
    })
  }

  /** Jobs still to run in the publishing queues (due or not), without the ones failed for good. */
  async pending(): Promise<number> {
    const { totalDocs } = await this.payload.count({
      collection: 'payload-jobs',
      where: {
        queue: { in: [FANOUT_QUEUE, DELIVERY_QUEUE] },
        completedAt: { exists: false },
        hasError: { not_equals: true },
      },
    })
    return totalDocs
  }

  async jobsIn(queue: string): Promise<number> {
    return (
      await this.payload.count({ collection: 'payload-jobs', where: { queue: { equals: queue } } })
    ).totalDocs
  }

  async clearQueues(): Promise<void> {
    await this.payload.db.deleteMany({
      collection: 'payload-jobs',
      where: { queue: { in: [FANOUT_QUEUE, DELIVERY_QUEUE] } },
    })
  }

  startRunner(): void {
    this.stopRunner = this.publishing.startRunner(this.payload)
  }

  /** Stops the runner; the stop settles when a tick in progress has finished. */
  async stopRunnerAndSettle(): Promise<void> {
    if (!this.stopRunner) return
    await this.stopRunner()
    this.stopRunner = null
  }

  async shutdown(): Promise<void> {
    this.blackHole.dropAll()
    await this.stopRunnerAndSettle().catch(() => undefined)
  }

  // ── 1. Save latency ────────────────────────────────────────────────────────────────────────

  async saveLatency(): Promise<void> {
    const scenarios: Scenario[] = []
    const add = async (key: string, label: string, destinations: number, url: string | null) => {
      const site = await this.createSite(`Bench ${key}`)
      if (url) await this.createIntegrations(site, destinations, url, `${key} hook`)
      scenarios.push({ key, label, destinations, site, samples: [] })
    }
    await add('0', '0 destinations', 0, null)
    await add('10', '10 webhooks (instant receiver)', 10, this.receiver.url)
    await add('50', '50 webhooks (instant receiver)', 50, this.receiver.url)
    await add('10bh', '10 webhooks (black-holed)', 10, this.blackHole.url)
    await add('50bh', '50 webhooks (black-holed)', 50, this.blackHole.url)

    // Round-robin, rotating the order each round, so that drift (table growth, caches, GC) falls
    // on every scenario alike rather than on whichever ran last.
    const rounds = WARMUP_SAVES + MEASURED_SAVES
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < scenarios.length; i++) {
        const scenario = scenarios[(round + i) % scenarios.length]!
        const measured = round >= WARMUP_SAVES
        const title = `Save ${scenario.key} #${round}`
        this.counter.setPhase(measured ? `save:${scenario.key}` : null)
        const started = performance.now()
        await this.publish(scenario.site, title)
        const ms = performance.now() - started
        this.counter.setPhase(null)
        if (measured) scenario.samples.push(ms)
      }
    }

    const fanOuts = await this.jobsIn(FANOUT_QUEUE)
    const deliveries = await this.jobsIn(DELIVERY_QUEUE)
    const baseline = median(scenarios[0]!.samples)
    const baselineP95 = quantile(scenarios[0]!.samples, 0.95)
    const rows = scenarios.map((s, i) => {
      const med = median(s.samples)
      const p95 = quantile(s.samples, 0.95)
      const ratio = med / baseline
      return [
        s.label,
        String(s.samples.length),
        fixed(med, 2),
        fixed(p95, 2),
        i === 0 ? '1.00' : fixed(ratio, 2),
        fixed(p95 / baselineP95, 2),
        fixed(this.counter.count(`save:${s.key}`) / s.samples.length, 1),
        i === 0 ? 'baseline' : `<= ${fixed(GOAL_SAVE_RATIO, 2)}`,
        i === 0 ? '' : verdict(ratio <= GOAL_SAVE_RATIO),
      ]
    })
    out(
      `1. Save latency — payload.create(posts, _status: 'published'), ${MEASURED_SAVES} saves per row after ${WARMUP_SAVES} warm-up, runner off, interleaved`,
    )
    out(
      table(
        [
          'destinations on the site',
          'saves',
          'median ms',
          'p95 ms',
          'median ratio',
          'p95 ratio',
          'SQL/save',
          'goal (median ratio)',
          'result',
        ],
        rows,
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    )
    const expectedFanOuts = rounds * scenarios.length
    out(
      `  queued by the saves: ${fanOuts} fan-out job(s) for ${expectedFanOuts} saves, ${deliveries} delivery job(s)` +
        (fanOuts === expectedFanOuts && deliveries === 0
          ? ' (one job per save, as designed)'
          : '  ← WARNING: expected one fan-out job per save and no delivery'),
    )
    out()
    await this.clearQueues()
  }

  // ── 2 & 3. Deliveries per second, and SQL per delivery ────────────────────────────────────

  async throughputAndSql(): Promise<void> {
    const site = await this.createSite('Bench throughput')
    await this.createIntegrations(
      site,
      THROUGHPUT_DESTINATIONS,
      this.receiver.url,
      'throughput hook',
    )
    for (let i = 0; i < THROUGHPUT_POSTS; i++) await this.publish(site, `Throughput #${i}`)
    const planned = THROUGHPUT_POSTS * THROUGHPUT_DESTINATIONS
    const queued = await this.pending()
    if (queued !== THROUGHPUT_POSTS)
      out(
        `  WARNING: ${queued} job(s) queued before the drain, expected ${THROUGHPUT_POSTS} fan-outs`,
      )

    // Charge each statement to what runs it: the fan-out queue's run (Payload's job runner, inside
    // the runner lock) or the rest of the drain (the deliveries, which run concurrently with later
    // fan-outs, and the tick's own lock, lease and claim statements, told apart by reportSql). The
    // phase follows the async context, so interleaving does not blur it.
    const jobs = this.payload.jobs
    const run = jobs.run
    let fanOutMs = 0
    const counted = (...args: Parameters<typeof run>): ReturnType<typeof run> => {
      const started = performance.now()
      return this.counter
        .within('fanout', () => run.apply(jobs, args))
        .finally(() => {
          fanOutMs += performance.now() - started
        })
    }
    jobs.run = counted
    const receivedBefore = this.receiver.count()
    let ticks = 0
    const profileFile = process.env.BENCH_CPU_PROFILE
    const profiler: CpuProfiler | null = profileFile ? await startCpuProfile() : null
    const backendCpu = await backendCpuMeter(() => this.backendPids())
    const cpu = cpuMeter()
    const started = performance.now()
    try {
      for (;;) {
        await this.counter.within('deliver', () => this.publishing.runDeliveries(this.payload))
        ticks++
        if ((await this.pending()) === 0) break
        if (performance.now() - started > 120_000)
          throw new Error('the queue was not empty after 120 s of draining')
      }
    } finally {
      jobs.run = run
    }
    const drainMs = performance.now() - started
    const drainCpu = cpu.stop()
    const pgCpu = await backendCpu.stop()
    const profile = profiler ? await profiler.stop() : null
    const received = this.receiver.count() - receivedBefore
    const published = (
      await this.payload.count({
        collection: 'publishing-records',
        where: { site: { equals: site }, status: { equals: 'published' } },
      })
    ).totalDocs
    const failedJobs = (
      await this.payload.count({
        collection: 'payload-jobs',
        where: { hasError: { equals: true } },
      })
    ).totalDocs
    const perSecond = planned / (drainMs / 1000)

    // Publish → arrival with the runner ticking at its default cadence (1 s).
    const latencySite = await this.createSite('Bench latency')
    await this.createIntegrations(latencySite, 1, this.receiver.url, 'latency hook')
    const arrivals: number[] = []
    this.startRunner()
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      const title = `Latency #${i}`
      const publishedAt = performance.now()
      await this.publish(latencySite, title)
      arrivals.push((await this.receiver.arrivalOf(title, 30_000)) - publishedAt)
      await sleep(137 + i * 211) // publish at different points of the runner's second
    }
    await this.stopRunnerAndSettle()

    // Extra: the same, while a tick is stuck on deliveries to a destination that never answers.
    const stuckSite = await this.createSite('Bench stuck')
    await this.createIntegrations(stuckSite, 10, this.blackHole.url, 'stuck hook')
    await this.publish(stuckSite, 'Stuck #0')
    // node-cron warns on every tick it skips because the previous one still runs: count them.
    let skippedTicks = 0
    const warn = console.warn
    console.warn = (...args: unknown[]) => {
      if (String(args[0]).includes('overlap prevention')) skippedTicks++
      else warn(...args)
    }
    let inFlight = 0
    let stuckArrival: number | null = null
    try {
      this.startRunner()
      const waitOpen = Date.now() + 10_000
      while (this.blackHole.open() < 10 && Date.now() < waitOpen) await sleep(20)
      inFlight = this.blackHole.open()
      const stuckStarted = performance.now()
      await this.publish(latencySite, 'Latency behind stuck')
      stuckArrival = await this.receiver.arrivalOf('Latency behind stuck', 40_000).then(
        (at) => at - stuckStarted,
        () => null,
      )
      this.blackHole.dropAll() // the stuck deliveries fail at once and are rescheduled a minute later
      await this.stopRunnerAndSettle()
    } finally {
      console.warn = warn
    }

    const medArrival = median(arrivals) / 1000
    const maxArrival = Math.max(...arrivals) / 1000
    out(
      `2. Deliveries — ${THROUGHPUT_POSTS} posts × ${THROUGHPUT_DESTINATIONS} webhooks = ${planned} deliveries to an instant receiver on 127.0.0.1`,
    )
    out(
      table(
        ['measure', 'figure', 'goal', 'figure / goal', 'result'],
        [
          [
            'deliveries per second (drain with runDeliveries)',
            `${fixed(perSecond, 1)} /s`,
            `>= ${GOAL_DELIVERIES_PER_S} /s`,
            fixed(perSecond / GOAL_DELIVERIES_PER_S, 2),
            verdict(perSecond >= GOAL_DELIVERIES_PER_S),
          ],
          ['  drain time, all ticks', `${fixed(drainMs / 1000, 2)} s`, '', '', ''],
          [
            '  of which fan-out runs (in the runner lock; deliveries run meanwhile)',
            `${fixed(fanOutMs / 1000, 2)} s`,
            '',
            fixed(fanOutMs / drainMs, 2),
            '',
          ],
          ['  runner ticks', String(ticks), '', '', ''],
          [
            '  CPU of this Node.js process (share of one core)',
            `${fixed(drainCpu.nodeS, 2)} s`,
            '',
            fixed(drainCpu.nodeS / drainCpu.wallS, 2),
            '',
          ],
          [
            `  CPU of the PostgreSQL backends${pgCpu ? ` (${pgCpu.backends})` : ''} (share of one core)`,
            pgCpu ? `${fixed(pgCpu.cpuS, 2)} s` : '— (server not on this machine)',
            '',
            pgCpu ? fixed(pgCpu.cpuS / drainCpu.wallS, 2) : '',
            '',
          ],
          [
            `  CPU of everything else on the machine (share of ${os.cpus().length} cores)`,
            drainCpu.machineS === null
              ? '—'
              : `${fixed(drainCpu.machineS - drainCpu.nodeS - (pgCpu?.cpuS ?? 0), 2)} s`,
            '',
            drainCpu.machineS === null
              ? ''
              : fixed(
                  (drainCpu.machineS - drainCpu.nodeS - (pgCpu?.cpuS ?? 0)) /
                    drainCpu.wallS /
                    os.cpus().length,
                  2,
                ),
            '',
          ],
          [
            `publish → receiver, runner at 1 s (median of ${arrivals.length})`,
            `${fixed(medArrival, 2)} s`,
            `<= ${GOAL_ARRIVAL_S} s`,
            fixed(medArrival / GOAL_ARRIVAL_S, 2),
            verdict(medArrival <= GOAL_ARRIVAL_S),
          ],
          [
            'publish → receiver, runner at 1 s (max)',
            `${fixed(maxArrival, 2)} s`,
            `<= ${GOAL_ARRIVAL_S} s`,
            fixed(maxArrival / GOAL_ARRIVAL_S, 2),
            verdict(maxArrival <= GOAL_ARRIVAL_S),
          ],
          [
            `(extra) the same, ${inFlight} black-holed deliveries in flight`,
            stuckArrival === null ? '> 40 s' : `${fixed(stuckArrival / 1000, 2)} s`,
            `<= ${GOAL_ARRIVAL_S} s`,
            stuckArrival === null ? '> 4' : fixed(stuckArrival / 1000 / GOAL_ARRIVAL_S, 2),
            verdict(stuckArrival !== null && stuckArrival / 1000 <= GOAL_ARRIVAL_S),
          ],
          [
            '  ticks node-cron skipped meanwhile (overlap prevention)',
            String(skippedTicks),
            '',
            '',
            '',
          ],
        ],
        ['l', 'r', 'r', 'r', 'l'],
      ),
    )
    const check = received === planned && published === planned && failedJobs === 0
    out(
      `  check: receiver got ${received}/${planned} requests, ${published}/${planned} records published, ${failedJobs} failed job(s)` +
        (check ? '' : '  ← WARNING: the drain did not deliver everything exactly once'),
    )
    out()
    if (profile && profileFile) {
      writeProfile(profileFile, profile)
      const { totalMs, areas, functions } = summarise(profile)
      const rows = (list: [string, number][], top: number) =>
        list.slice(0, top).map(([name, ms]) => [name, fixed(ms / 1000, 2), fixed(ms / totalMs, 2)])
      out(
        `  Node.js CPU profile of the drain (BENCH_CPU_PROFILE, written to ${profileFile}; profiling slows the drain):`,
      )
      out(table(['self time by package / folder', 's', 'share'], rows(areas, 14), ['l', 'r', 'r']))
      out()
      out(table(['self time by function', 's', 'share'], rows(functions, 20), ['l', 'r', 'r']))
      out()
    }

    this.reportSql(planned, ticks)
  }

  /** The drain's statements outside fan-outs, split into the runner's own (lock, lease, claim) and the deliveries'. */
  drainStatements(): { tick: Map<string, number>; deliver: Map<string, number> } {
    const runnerOwn =
      /pg_(try_)?advisory_(un)?lock|set processing = true|set processing = false\s+where queue in/
    const tick = new Map<string, number>()
    const deliver = new Map<string, number>()
    for (const [text, n] of this.counter.statements('deliver'))
      (runnerOwn.test(text) ? tick : deliver).set(text, n)
    return { tick, deliver }
  }

  reportSql(deliveries: number, ticks: number): void {
    const sum = (statements: Map<string, number>) =>
      [...statements.values()].reduce((a, b) => a + b, 0)
    const drain = this.drainStatements()
    const fanout = this.counter.count('fanout')
    const deliver = sum(drain.deliver)
    const tick = sum(drain.tick)
    const total = fanout + deliver + tick
    const perDelivery = total / deliveries
    const perSave = (key: string) => this.counter.count(`save:${key}`) / MEASURED_SAVES
    out(
      `3. SQL statements — counted on pg.Client.prototype.query while draining the ${deliveries} deliveries above`,
    )
    out(
      table(
        ['share', 'statements', 'per unit', 'per delivery', 'goal', 'figure / goal', 'result'],
        [
          [
            `fan-out (${THROUGHPUT_POSTS} posts, ${THROUGHPUT_DESTINATIONS} destinations each)`,
            String(fanout),
            `${fixed(fanout / THROUGHPUT_POSTS, 1)} /post`,
            fixed(fanout / deliveries, 1),
            '',
            '',
            '',
          ],
          [
            `delivery (${deliveries} destinations)`,
            String(deliver),
            `${fixed(deliver / deliveries, 1)} /destination`,
            fixed(deliver / deliveries, 1),
            '',
            '',
            '',
          ],
          [
            `runner ticks (lock, lease reclaim, claim, unlock; ${ticks} ticks)`,
            String(tick),
            `${fixed(tick / ticks, 1)} /tick`,
            fixed(tick / deliveries, 1),
            '',
            '',
            '',
          ],
          [
            'total per delivery',
            String(total),
            '',
            fixed(perDelivery, 1),
            `<= ${GOAL_SQL_PER_DELIVERY}`,
            fixed(perDelivery / GOAL_SQL_PER_DELIVERY, 2),
            verdict(perDelivery <= GOAL_SQL_PER_DELIVERY),
          ],
          [
            'save, 0 destinations (section 1)',
            String(this.counter.count('save:0')),
            `${fixed(perSave('0'), 1)} /save`,
            '',
            '',
            '',
            '',
          ],
          [
            'save, 50 destinations (section 1)',
            String(this.counter.count('save:50')),
            `${fixed(perSave('50'), 1)} /save`,
            '',
            '',
            '',
            '',
          ],
        ],
        ['l', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    )
    out()
    const shapes = (phase: string, unit: number, unitLabel: string, top: number) => {
      const list = shapesOf(phase === 'deliver' ? drain.deliver : this.counter.statements(phase))
      const shown = list.slice(0, top)
      const rest = list.slice(top).reduce((sum, [, n]) => sum + n, 0)
      const rows = shown.map(([shape, n]) => [shape, String(n), fixed(n / unit, 2)])
      if (rest)
        rows.push([`(${list.length - top} other shapes)`, String(rest), fixed(rest / unit, 2)])
      return table(['statement shape', 'count', unitLabel], rows, ['l', 'r', 'r'])
    }
    out('  Top statement shapes, delivery share:')
    out(shapes('deliver', deliveries, 'per delivery', 14))
    out()
    out('  Top statement shapes, fan-out share:')
    out(shapes('fanout', THROUGHPUT_POSTS, 'per post', 12))
    out()
    out('  Statement shapes of one save (0 destinations):')
    out(shapes('save:0', MEASURED_SAVES, 'per save', 12))
    out()
    const dump = process.env.BENCH_SQL_DUMP
    if (dump) {
      const lines: string[] = []
      const byPhase: [string, Map<string, number>][] = [
        ['fanout', this.counter.statements('fanout')],
        ['deliver', drain.deliver],
        ['tick', drain.tick],
        ['save:0', this.counter.statements('save:0')],
      ]
      for (const [phase, statements] of byPhase) {
        lines.push(`## ${phase}`)
        const sorted = [...statements].sort((a, b) => b[1] - a[1])
        for (const [text, n] of sorted) lines.push(`${n}\t${text.replace(/\s+/g, ' ')}`)
        lines.push('')
      }
      fs.writeFileSync(path.resolve(dump), lines.join('\n'))
      out(`  (every distinct statement with its count written to ${dump})`)
      out()
    }
  }
}

const main = async (): Promise<void> => {
  const began = performance.now()
  const db: BenchDatabase = await provideBenchDatabase()
  let payload: Payload | null = null
  let bench: Bench | null = null
  const closers: (() => Promise<void>)[] = []
  try {
    useBenchEnvironment(db, {
      // A black-holed delivery that times out is retried a minute later: never during the run.
      PUBLISHING_RETRY_DELAYS_MS: '60000',
    })
    const cpus = os.cpus()
    out('Syndicate publishing benchmark')
    out(
      table(
        ['machine', ''],
        [
          ['CPUs', `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown'}`],
          ['memory', `${fixed(os.totalmem() / 2 ** 30, 1)} GiB`],
          ['Node.js', process.version],
          [
            'load average (1, 5 min) at start',
            os
              .loadavg()
              .slice(0, 2)
              .map((n) => fixed(n, 2))
              .join(', '),
          ],
          ['PostgreSQL', `${db.serverVersion} — ${db.origin}, database ${db.name}`],
        ],
      ),
    )
    out()

    await migrate(db.uri)
    const { getPayload } = await import('payload')
    const { default: config } = await import('../payload.config')
    const publishing = await import('../plugins/publishing/exports/server')
    payload = await getPayload({ config })
    payload.logger.level = 'warn'

    const probe = await poolOf(payload).connect()
    const samePg = probe instanceof pg.Client
    probe.release()
    if (!samePg)
      throw new Error(
        "Payload's pool does not use this process's pg.Client: statements could not be counted",
      )
    const counter = installSqlCounter()
    closers.push(async () => counter.uninstall())

    const receiver = await startInstantReceiver()
    closers.push(receiver.close)
    const blackHole = await startBlackHole()
    closers.push(blackHole.close)
    out(
      `  set-up (database, migrations, Payload start): ${fixed((performance.now() - began) / 1000, 1)} s; Payload pool max ${poolOf(payload).options.max ?? 10} connections`,
    )
    out()

    bench = new Bench(payload, counter, receiver, blackHole, publishing, db.uri)
    // BENCH_ONLY=throughput skips section 1, for quicker runs while working on deliveries;
    // BENCH_ONLY=backfill runs only section 4.
    const only = process.env.BENCH_ONLY
    if (only !== 'throughput' && only !== 'backfill') await bench.saveLatency()
    if (only !== 'backfill') await bench.throughputAndSql()
    await backfillBench({ payload, config, publishing, receiver, databaseUri: db.uri })
    out(
      `Total run time ${fixed((performance.now() - began) / 1000, 1)} s; load average (1, 5 min) at the end ${os
        .loadavg()
        .slice(0, 2)
        .map((n) => fixed(n, 2))
        .join(', ')}.`,
    )
  } finally {
    await bench?.shutdown()
    for (const close of closers.reverse()) await close().catch(() => undefined)
    if (payload) releasePool(payload)
    await db.dispose()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `\n[bench:publish] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    )
    process.exit(1)
  },
)
