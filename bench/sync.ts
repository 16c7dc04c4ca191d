/**
 * `npm run bench:sync`: what a two-way sync costs against a destination with 10,000 items.
 *
 *   1. Set-up: a fake WordPress (bench/lib/fakeWordPress.ts) serving 9,000 posts and 1,000 pages,
 *      an integration with import on, and the first sync, which imports all of them (timed).
 *   2. Then syncs after 0, 10 and 100 remote changes (three runs each): remote requests, SQL
 *      write statements (split into content — documents, records, terms, versions — and the
 *      sync's own bookkeeping — its job row and the integration's status), and time per sync.
 *
 * Goal: with no change, one list request per content type and no content writes; with k
 * changes, requests grow with k / page size and writes with k. BENCH_SYNC_ITEMS changes the size.
 * Against DATABASE_URI's server when set (database `syndicate_bench_<pid>`), else embedded.
 */

import type { Payload } from 'payload'

import os from 'os'

import { releasePool } from '../scripts/lib/releasePool'
import { migrate, provideBenchDatabase, useBenchEnvironment } from './lib/database'
import { startFakeWordPress } from './lib/fakeWordPress'
import { installSqlCounter, shapeOf, type SqlCounter } from './lib/sqlCounter'
import { fixed, median, table } from './lib/stats'

const ITEMS = Number(process.env.BENCH_SYNC_ITEMS ?? 10_000)
// 1,000 changes span several pages of the listing: requests must grow with k / page size.
const CHANGES = [0, 10, 100, 1000]
const RUNS = 3
/** One run of the largest k: it alone takes as long as the rest together. */
const runsFor = (k: number) => (k >= 1000 ? 1 : RUNS)
const PAGE_SIZE = 100

const out = (text = '') => process.stdout.write(`${text}\n`)

/** Statements that write, split into the sync's bookkeeping (job row, integration status) and the rest. */
const writesOf = (counter: SqlCounter, phase: string): { content: number; bookkeeping: number } => {
  let content = 0
  let bookkeeping = 0
  for (const [text, n] of counter.statements(phase)) {
    const shape = shapeOf(text)
    if (!/^(insert|update|delete) /.test(shape)) continue
    if (/^\S+ "?(payload_jobs|integrations)/.test(shape)) bookkeeping += n
    else content += n
  }
  return { content, bookkeeping }
}

const main = async (): Promise<void> => {
  const began = performance.now()
  const db = await provideBenchDatabase()
  let payload: Payload | null = null
  const fake = await startFakeWordPress({
    posts: Math.round(ITEMS * 0.9),
    pages: ITEMS - Math.round(ITEMS * 0.9),
  })
  try {
    useBenchEnvironment(db)
    out('Syndicate two-way sync benchmark')
    out(
      `  ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, Node.js ${process.version}, PostgreSQL ${db.serverVersion} (${db.origin})`,
    )
    await migrate(db.uri)
    const { getPayload } = await import('payload')
    const { default: config } = await import('../payload.config')
    const { queueSync, runSyncs } = await import('../plugins/publishing/exports/server')
    payload = await getPayload({ config })
    payload.logger.level = 'warn'
    const counter = installSqlCounter()

    const site = (
      await payload.create({ collection: 'sites', data: { name: 'Bench sync', siteType: 'blog' } })
    ).id
    const integration = (
      await payload.create({
        collection: 'integrations',
        data: {
          name: 'Fake WordPress',
          site,
          platform: 'wordpress',
          config: { siteUrl: fake.url },
          credentials: { username: 'bench', applicationPassword: 'bench' },
          syncDirection: 'both',
        },
      })
    ).id

    const syncOnce = async (phase: string) => {
      fake.resetCount()
      counter.setPhase(phase)
      const started = performance.now()
      await queueSync(payload!, integration)
      await runSyncs(payload!)
      const ms = performance.now() - started
      counter.setPhase(null)
      const state = await payload!.findByID({
        collection: 'integrations',
        id: integration,
        depth: 0,
      })
      if (state.syncStatus !== 'success')
        throw new Error(`sync ${phase} ended ${state.syncStatus}: ${state.lastError}`)
      return {
        ms,
        requests: fake.requests(),
        stats: state.lastSyncStats as Record<string, number>,
        ...writesOf(counter, phase),
      }
    }

    out(
      `\n1. Initial import of ${ITEMS} remote items (${Math.round(ITEMS * 0.9)} posts, ${ITEMS - Math.round(ITEMS * 0.9)} pages), page size ${PAGE_SIZE}`,
    )
    const initial = await syncOnce('import')
    const docs =
      (await payload.count({ collection: 'posts' })).totalDocs +
      (await payload.count({ collection: 'pages' })).totalDocs
    out(
      table(
        [
          'remote requests',
          'created',
          'content writes',
          'writes / item',
          'bookkeeping writes',
          'time s',
          'ms / item',
        ],
        [
          [
            String(initial.requests),
            String(initial.stats.created),
            String(initial.content),
            fixed(initial.content / ITEMS, 1),
            String(initial.bookkeeping),
            fixed(initial.ms / 1000, 1),
            fixed(initial.ms / ITEMS, 1),
          ],
        ],
        ['r', 'r', 'r', 'r', 'r', 'r', 'r'],
      ),
    )
    if (docs !== ITEMS) out(`  WARNING: ${docs} local documents for ${ITEMS} remote items`)

    // The first sync after the import lists the last second of each type again: settle it.
    await syncOnce('settle')

    const rows: string[][] = []
    for (const k of CHANGES) {
      const samples: Awaited<ReturnType<typeof syncOnce>>[] = []
      for (let run = 0; run < runsFor(k); run++) {
        fake.touch(k)
        samples.push(await syncOnce(`k${k}-${run}`))
      }
      const requests = samples.map((s) => s.requests)
      const content = samples.map((s) => s.content)
      const updated = samples.map((s) => s.stats.updated ?? 0)
      const goalRequests = 2 + Math.ceil(k / PAGE_SIZE) * 2
      rows.push([
        String(k),
        requests.join(' / '),
        `≤ ${goalRequests}`,
        updated.join(' / '),
        content.join(' / '),
        k === 0 ? '0' : `∝ k (${fixed(median(content) / k, 1)} per change)`,
        samples.map((s) => s.bookkeeping).join(' / '),
        fixed(median(samples.map((s) => s.ms)), 0),
        k === 0
          ? Math.max(...requests) <= 2 && Math.max(...content) === 0
            ? 'PASS'
            : 'MISS'
          : Math.max(...requests) <= goalRequests
            ? 'PASS'
            : 'MISS',
      ])
    }
    out(`\n2. One sync after k remote changes, ${RUNS} runs each (1 for k = 1000; values per run)`)
    out(
      table(
        [
          'k',
          'remote requests',
          'goal',
          'local docs updated',
          'content writes (SQL)',
          'goal',
          'bookkeeping writes',
          'median ms',
          'result',
        ],
        rows,
        ['r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'l'],
      ),
    )
    out('\n  content writes: INSERT/UPDATE/DELETE on everything but payload_jobs and integrations;')
    out(
      "  bookkeeping: the sync job itself and the integration's syncStatus / lastSyncAt / lastSyncStats / cursor.",
    )
    out(`\nTotal run time ${fixed((performance.now() - began) / 1000, 1)} s.`)
    counter.uninstall()
  } finally {
    await fake.close()
    if (payload) releasePool(payload)
    await db.dispose()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
