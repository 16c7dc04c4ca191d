/**
 * One "worker process" of the adapter-level burst: delivers posts FROM..FROM+COUNT-1 to the shop at
 * SHOP_ORIGIN as the delivery job does (findExisting, then publish), CONCURRENCY at a time, pacing
 * through the shared PostgreSQL bucket at DATABASE_URI. Prints one JSON line with what it did.
 */
import pg from 'pg'

import type { ShopifyContext } from '../../../plugins/adapter-shopify/client'

import { shopifyAdapter } from '../../../plugins/adapter-shopify/adapter'
import {
  postgresRateLimitStore,
  setRateLimitStore,
} from '../../../plugins/adapter-shopify/rateLimit'
import { safeFetch } from '../../../plugins/publishing/net/safeFetch'
import { sampleDocument } from '../../../plugins/publishing/testing/adapterContract'

const env = (name: string): string => {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set`)
  return value
}

const pool = new pg.Pool({ connectionString: env('DATABASE_URI'), max: 10 })
setRateLimitStore(postgresRateLimitStore(pool))
const from = Number(env('FROM'))
const count = Number(env('COUNT'))
const concurrency = Number(process.env.CONCURRENCY || 50)

const context: ShopifyContext = {
  config: { shopDomain: env('SHOP_ORIGIN'), blogHandle: 'news' },
  credentials: { accessToken: env('SHOP_TOKEN') },
  integration: { id: 1, name: 'burst', site: 1 },
  fetch: (url, init = {}) => safeFetch(url, { ...init, allowPrivate: true }),
  logger: { info: () => undefined, warn: () => undefined },
}

const startedAt = Date.now()
const ids: string[] = []
const failures: string[] = []
let next = from
const lane = async () => {
  while (next < from + count) {
    const id = next++
    const document = sampleDocument({
      collection: 'posts',
      id,
      slug: `burst-${id}`,
      title: `Burst ${id}`,
      featuredImage: null,
    })
    try {
      const found = await shopifyAdapter.findExisting!(context, document)
      const result = await shopifyAdapter.publish(context, {
        document,
        remote: found ? { id: found.remoteId, url: null, modifiedAt: null } : null,
        idempotencyKey: `burst-${id}`,
      })
      ids.push(result.remoteId)
    } catch (error) {
      failures.push(`${id}: ${(error as Error).message}`)
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, lane))
process.stdout.write(
  `${JSON.stringify({ pid: process.pid, startedAt, finishedAt: Date.now(), delivered: ids.length, failures })}\n`,
)
await pool.end()
