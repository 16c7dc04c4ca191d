/**
 * `npm run bench:publish`, backfill row (`BENCH_ONLY=backfill` runs only it): "publish everything"
 * of 10,000 documents to an instant receiver, against the ordinary publishing path measured in the
 * same run, and the admin's REST latency while it runs against idle.
 *
 * Both peers run under the app's own runner at its default cadence (`startRunner`), in this
 * process, with the app's own config (payload.config.ts), as in `npm run dev`/`start`: the admin's
 * reads are timed in the process whose runner ticks. So the backfill runs as users get it: the
 * runner starts its bulk child (`bulkProcess`, src/config/publishing.ts: scripts/worker.ts
 * --bulk-only, at niceness 19) and leaves the run's steps and deliveries to it; the rate includes
 * the child's start. `BULK_PROCESS=off` measures the in-process paced lane instead. The instant
 * receiver answers in this process too, so its share of the loop is in the reads' figures. The
 * documents are inserted with SQL (published posts, no hooks): saving 12,000 documents through
 * Payload would take minutes and is measured by section 1 already.
 */

import type { Payload, SanitizedConfig } from 'payload'

import { REST_GET, REST_POST } from '@payloadcms/next/routes'
import os from 'os'

import { paragraph } from '@/utilities/richText'

import type * as Publishing from '../plugins/publishing/exports/server'
import type { InstantReceiver } from './lib/servers'

import { FANOUT_QUEUE } from '../plugins/publishing/exports/server'
import { queryOn } from './lib/database'
import { cpuShares, type CpuShares } from './lib/processCpu'
import { fixed, median, quantile, table } from './lib/stats'

const BACKFILL_DOCUMENTS = Number(process.env.BENCH_BACKFILL_DOCUMENTS ?? 10_000)
const ORDINARY_DOCUMENTS = 1_000
// Rounds of the admin's reads at rest, sampled as while the run goes on (the three reads, then
// 20 ms): the same pattern on both sides, and enough rounds (about 7 s) for a steady median.
const IDLE_SAMPLES = 200
const READ_PAUSE_MS = 20
const GOAL_RATE_RATIO = 1
const GOAL_LATENCY_RATIO = 1.2
const SIGNING_SECRET = 'bench-signing-secret'

const out = (text = '') => process.stdout.write(`${text}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS')

type Context = {
  payload: Payload
  config: SanitizedConfig | Promise<SanitizedConfig>
  publishing: typeof Publishing
  receiver: InstantReceiver
  databaseUri: string
}

type Bulk = { status: string; total: number; done: number; failed: number }
type Answer = { bulk?: Bulk }

/** The app's REST handlers, called with real Requests (as tests/helpers/rest.ts does). */
const rest = (config: Context['config'], token: string) => {
  const call = async (
    method: 'GET' | 'POST',
    path: string,
  ): Promise<{ status: number; body: Answer | null }> => {
    const url = new URL(`http://localhost/api${path}`)
    const slug = url.pathname.replace(/^\/api\//, '').split('/')
    const handler = (method === 'GET' ? REST_GET : REST_POST)(config as Promise<SanitizedConfig>)
    const response = await handler(
      new Request(url, { method, headers: { Authorization: `JWT ${token}` } }),
      { params: Promise.resolve({ slug }) },
    )
    const text = await response.text()
    return { status: response.status, body: text ? (JSON.parse(text) as Answer) : null }
  }
  return { get: (path: string) => call('GET', path), post: (path: string) => call('POST', path) }
}

/** A site with `count` published posts, inserted in one statement, and one webhook to the receiver. */
const siteWithPosts = async (ctx: Context, name: string, count: number) => {
  const site = (await ctx.payload.create({ collection: 'sites', data: { name, siteType: 'blog' } }))
    .id
  await queryOn(
    ctx.databaseUri,
    `insert into posts (title, slug, site_id, content, _status, published_at, updated_at, created_at)
     select $2 || ' #' || n, $3 || '-' || n, $1, $4::jsonb, 'published', now(), now(), now()
       from generate_series(1, $5) as n`,
    [
      site,
      name,
      name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      JSON.stringify(paragraph(`${name} body`)),
      count,
    ],
  )
  const integration = await ctx.payload.create({
    collection: 'integrations',
    data: {
      name: `${name} hook`,
      site,
      platform: 'webhook',
      config: { url: ctx.receiver.url },
      credentials: { signingSecret: SIGNING_SECRET },
    },
  })
  return { site, integration: integration.id }
}

/**
 * Runs the app's own runner (`startRunner`: a tick a second, at most 50 deliveries in flight) until
 * `done` says so: what a running app does, so the admin's reads meanwhile are what people see.
 */
const runUntil = async (
  ctx: Context,
  done: () => Promise<boolean>,
  limitMs: number,
  beforeStop: () => Promise<void> = async () => {},
) => {
  const started = performance.now()
  const stop = ctx.publishing.startRunner(ctx.payload)
  try {
    while (!(await done())) {
      if (performance.now() - started > limitMs)
        throw new Error(`not finished after ${limitMs / 1000} s`)
      await sleep(250)
    }
  } finally {
    await beforeStop()
    await stop()
  }
  return performance.now() - started
}

export const backfillBench = async (ctx: Context): Promise<void> => {
  const { payload } = ctx
  const admin = await payload.create({
    collection: 'users',
    data: { email: 'bench-admin@example.com', password: 'bench-admin-password', roles: ['admin'] },
  })
  const { token } = await payload.login({
    collection: 'users',
    data: { email: admin.email, password: 'bench-admin-password' },
  })
  const api = rest(ctx.config, token!)

  // The ordinary path: one fan-out job per published document, as a save queues it.
  const ordinary = await siteWithPosts(ctx, 'Ordinary', ORDINARY_DOCUMENTS)
  const backfill = await siteWithPosts(ctx, 'Backfill', BACKFILL_DOCUMENTS)
  const { rows } = await queryOn<{ id: number }>(
    ctx.databaseUri,
    'select id from posts where site_id = $1 order by id',
    [ordinary.site],
  )
  for (const { id } of rows)
    await payload.jobs.queue({
      task: 'publishing-fanout',
      queue: FANOUT_QUEUE,
      input: { collection: 'posts', id, action: 'publish' },
    })
  const receivedBefore = ctx.receiver.count()
  const ordinaryMs = await runUntil(
    ctx,
    async () =>
      (
        await payload.count({
          collection: 'payload-jobs',
          where: { completedAt: { exists: false }, hasError: { not_equals: true } },
        })
      ).totalDocs === 0,
    300_000,
  )
  const ordinaryReceived = ctx.receiver.count() - receivedBefore
  const ordinaryRate = ORDINARY_DOCUMENTS / (ordinaryMs / 1000)

  // The admin at rest: a list of pages and the destination's panel data.
  const reads: [string, string][] = [
    ['GET /api/pages?limit=10', '/pages?limit=10&depth=0'],
    ['GET /api/integrations/:id (panel)', `/integrations/${backfill.integration}?depth=0`],
    [
      'GET /api/integrations/:id/publish-all (panel)',
      `/integrations/${backfill.integration}/publish-all`,
    ],
  ]
  const time = async (path: string) => {
    const started = performance.now()
    const { status } = await api.get(path)
    if (status !== 200) throw new Error(`GET ${path} answered ${status}`)
    return performance.now() - started
  }
  const idle = reads.map(() => [] as number[])
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    for (const [index, [, path]] of reads.entries()) idle[index]!.push(await time(path))
    await sleep(READ_PAUSE_MS)
  }

  // Publish everything, with the admin reading meanwhile.
  const busy = reads.map(() => [] as number[])
  const before = ctx.receiver.count()
  const startedAt = performance.now()
  const started = await api.post(`/integrations/${backfill.integration}/publish-all`)
  if (started.status !== 202) throw new Error(`publish-all answered ${started.status}`)
  let running = true
  const sampler = (async () => {
    while (running) {
      for (const [index, [, path]] of reads.entries()) busy[index]!.push(await time(path))
      await sleep(READ_PAUSE_MS)
    }
  })()
  let bulk: Bulk | null = null
  const cpu = await cpuShares(ctx.databaseUri)
  let shares: CpuShares | null = null
  await runUntil(
    ctx,
    async () => {
      bulk = (await api.get(`/integrations/${backfill.integration}?depth=0`)).body?.bulk ?? null
      return bulk?.status === 'done'
    },
    900_000,
    async () => void (shares = await cpu.stop()),
  )
  running = false
  await sampler
  const backfillMs = performance.now() - startedAt
  const received = ctx.receiver.count() - before
  const rate = BACKFILL_DOCUMENTS / (backfillMs / 1000)

  out(
    `4. Backfill — "publish everything" of ${BACKFILL_DOCUMENTS} posts to an instant receiver, against ${ORDINARY_DOCUMENTS} ordinary publishes (fan-out + delivery) under the same runner (1 s ticks)`,
  )
  out(
    table(
      ['measure', 'figure', 'peer (ordinary publishing)', 'ratio', 'goal', 'result'],
      [
        [
          'documents per second',
          `${fixed(rate, 1)} /s`,
          `${fixed(ordinaryRate, 1)} /s`,
          fixed(rate / ordinaryRate, 2),
          `>= ${fixed(GOAL_RATE_RATIO, 2)}`,
          verdict(rate / ordinaryRate >= GOAL_RATE_RATIO * 0.95),
        ],
        [
          '  time, POST to bulk.status = done',
          `${fixed(backfillMs / 1000, 1)} s`,
          `${fixed(ordinaryMs / 1000, 1)} s`,
          '',
          '',
          '',
        ],
      ],
      ['l', 'r', 'r', 'r', 'r', 'l'],
    ),
  )
  out()
  out(`  Admin reads, idle (${IDLE_SAMPLES} each) vs while the backfill runs`)
  out(
    table(
      [
        'request',
        'idle median ms',
        'busy median ms',
        'median ratio',
        'busy p95 ms',
        'samples',
        'goal',
        'result',
      ],
      reads.map(([label], index) => {
        const ratio = median(busy[index]!) / median(idle[index]!)
        return [
          label,
          fixed(median(idle[index]!), 1),
          fixed(median(busy[index]!), 1),
          fixed(ratio, 2),
          fixed(quantile(busy[index]!, 0.95), 1),
          String(busy[index]!.length),
          `<= ${fixed(GOAL_LATENCY_RATIO, 2)}`,
          verdict(ratio <= GOAL_LATENCY_RATIO),
        ]
      }),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  )
  const used = (shares as CpuShares | null)?.cores
  if (used)
    out(
      `  CPU while it ran, in cores: this process (admin reads, app runner, receiver) ${fixed(used.self, 2)}, its PostgreSQL backends ${fixed(used.selfDb, 2)}; bulk child ${fixed(used.child, 2)}, its PostgreSQL backends ${fixed(used.childDb, 2)}; machine ${used.machine === null ? '?' : fixed(used.machine, 2)} of ${os.cpus().length}`,
    )
  const final = bulk as Bulk | null
  const check =
    received === BACKFILL_DOCUMENTS &&
    ordinaryReceived === ORDINARY_DOCUMENTS &&
    final?.total === BACKFILL_DOCUMENTS &&
    final.done === BACKFILL_DOCUMENTS
  out(
    `  check: receiver got ${received}/${BACKFILL_DOCUMENTS} backfill and ${ordinaryReceived}/${ORDINARY_DOCUMENTS} ordinary requests; bulk ${JSON.stringify(final)}` +
      (check ? '' : '  ← WARNING: not everything was delivered exactly once'),
  )
  out()
}
