/**
 * Shopify's bucket shared through PostgreSQL by two processes that deliver at once, with nothing
 * else in the way (no Payload, no queue): the pacing alone. tests/int/shopify.int.spec.ts runs the
 * same burst through real worker processes.
 */
import { spawn } from 'child_process'
import { randomBytes } from 'crypto'
import path from 'path'

import { ALL_SCOPES, describeWithShopifySchema, startFakeShopify } from '../helpers/fakeShopify'
import {
  adminQuery,
  queryOn,
  quoteIdent,
  testDatabaseEnv,
  withDatabase,
} from '../helpers/testDatabase'

const TOKEN = 'shpat_rate_limit_test'

/** A fresh copy of the migrated template (it has `shopify_rate_limits`). */
const freshDatabase = async (): Promise<string> => {
  const name = `${testDatabaseEnv.prefix}_${randomBytes(4).toString('hex')}`
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(
        `create database ${quoteIdent(name)} template ${quoteIdent(testDatabaseEnv.template)}`,
      )
      return withDatabase(testDatabaseEnv.adminUri, name)
    } catch (error) {
      if (attempt >= 40 || !/being accessed by other users/.test(String(error))) throw error
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
}

type WorkerResult = {
  pid: number
  startedAt: number
  finishedAt: number
  delivered: number
  failures: string[]
}

/** One process of tests/helpers/fakeShopify/burstWorker.ts; resolves with its JSON line. */
const runWorker = (env: Record<string, string>): Promise<WorkerResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=production',
        path.resolve('scripts/run.mjs'),
        path.resolve('tests/helpers/fakeShopify/burstWorker.ts'),
      ],
      {
        env: { ...process.env, NODE_OPTIONS: '', ALLOW_PRIVATE_DESTINATIONS: 'true', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('exit', (code) => {
      const line = output.split('\n').find((l) => l.startsWith('{"pid"'))
      if (code !== 0 || !line)
        reject(new Error(`burst worker exited ${code}:\n${output.slice(-3000)}`))
      else resolve(JSON.parse(line) as WorkerResult)
    })
  })

describeWithShopifySchema('Shopify rate limit shared by two processes', () => {
  it('delivers 200 articles through a small bucket: none lost, THROTTLED under 1%, drained at the restore rate', async () => {
    const databaseUri = await freshDatabase()
    // Small next to Shopify's (2,000 points), but two seconds deep: a busy machine stalling a
    // process for half a second must not spill refill the pacing counted on.
    const bucket = { maximumAvailable: 100, restoreRate: 50 }
    const shop = await startFakeShopify({ tokens: { [TOKEN]: ALL_SCOPES }, bucket })
    try {
      const env = {
        DATABASE_URI: databaseUri,
        SHOP_ORIGIN: shop.origin,
        SHOP_TOKEN: TOKEN,
        COUNT: '100',
        CONCURRENCY: '50',
      }
      const results = await Promise.all([
        runWorker({ ...env, FROM: '1000' }),
        runWorker({ ...env, FROM: '2000' }),
      ])
      expect(results.flatMap((r) => r.failures)).toEqual([])
      expect(results.map((r) => r.delivered)).toEqual([100, 100])
      expect(shop.articles.size).toBe(200)
      // Both processes may create the missing blog at the same moment (the second gets another
      // handle); every article still goes to the one with the configured handle.
      const news = [...shop.blogs.values()].find((b) => b.handle === 'news')!
      expect(new Set([...shop.articles.values()].map((a) => a.blogId))).toEqual(new Set([news.id]))
      expect(shop.stats.rejectedDocuments).toEqual([])
      const { requests, throttled, costCharged, firstAt, lastAt } = shop.stats
      const drainSeconds = (lastAt! - firstAt!) / 1000
      const idealSeconds = costCharged / bucket.restoreRate
      // The figures, for the report: each process's start and end in ms from the first request.
      const spans = results.map((r) => [r.startedAt - firstAt!, r.finishedAt - firstAt!])
      console.info(
        JSON.stringify({
          processes: 2,
          articles: shop.articles.size,
          requests,
          throttled,
          costCharged,
          drainSeconds,
          idealSeconds,
          ...bucket,
          spans,
          throttleLog: shop.stats.throttleLog,
        }),
      )
      expect(throttled).toBeLessThanOrEqual(Math.floor(requests * 0.01))
      expect(Math.abs(drainSeconds - idealSeconds)).toBeLessThanOrEqual(idealSeconds * 0.1)
      // The shared row is what both followed.
      const { rows } = await queryOn(
        databaseUri,
        'select maximum_available, restore_rate from shopify_rate_limits',
      )
      expect(rows).toEqual([{ maximum_available: 100, restore_rate: 50 }])
    } finally {
      await shop.close()
    }
  }, 180_000)
})
