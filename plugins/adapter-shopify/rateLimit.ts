/**
 * Pacing by Shopify's calculated query cost, shared by every process that delivers to a shop.
 *
 * Shopify gives each app a leaky bucket per store: `maximumAvailable` points, restored at
 * `restoreRate` points per second (100 to 2,000 by plan), and answers every request with the
 * bucket's `throttleStatus`. The limit is never configured here: it is learnt from those answers.
 *
 * The bucket as we know it lives in one row per (shop, app) of `shopify_rate_limits`, shared
 * through PostgreSQL by every worker. Before a request, one atomic UPDATE refills the row for the
 * time elapsed (on the database's clock, the same for every process) and takes the request's
 * estimated cost out of it. The balance may go negative: that is a queue. A caller that left it at
 * `-d` waits `d / restoreRate` seconds, by which time Shopify's bucket holds its cost again; callers
 * after it see the larger debt and wait longer, so two workers never both believe they own the
 * bucket. When the bucket holds enough (the usual case) the request goes at once: the only cost is
 * that one statement, no lock is held across the request and nobody waits.
 *
 * After the answer, the row is brought back to Shopify's word: the unused part of the estimate is
 * given back, and the balance is never above what Shopify says is available (requests in flight
 * are already taken out of ours, not yet out of Shopify's, so ours is the lower one unless we
 * estimated too little). A `THROTTLED` answer executed nothing: its estimate is given back and the
 * balance set from Shopify's figure, and the caller asks again (and so waits its turn).
 *
 * Without a database (unit tests, scripts) the same arithmetic runs in memory, per process.
 */
import type pg from 'pg'

/** What Shopify reports in `extensions.cost.throttleStatus`. */
export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }

export type RateLimitStore = {
  /**
   * Takes `cost` out of the bucket; resolves with how long to wait before sending (ms), or null
   * while the bucket is unknown (no answer from Shopify yet): then nothing was taken.
   */
  reserve(key: string, cost: number): Promise<number | null>
  /** Brings the bucket back to what Shopify answered: `charged` points were really used of the `reserved` ones. */
  settle(key: string, reserved: number, charged: number, status: ThrottleStatus): Promise<void>
}

type Bucket = { available: number; maximum: number; rate: number; at: number }

/** The per-process store: the same arithmetic, in memory. */
export const memoryRateLimitStore = (): RateLimitStore => {
  const buckets = new Map<string, Bucket>()
  const refill = (bucket: Bucket, now: number) => {
    bucket.available = Math.min(bucket.maximum, bucket.available + ((now - bucket.at) / 1000) * bucket.rate)
    bucket.at = now
  }
  return {
    async reserve(key, cost) {
      const bucket = buckets.get(key)
      if (!bucket) return null
      refill(bucket, Date.now())
      bucket.available -= cost
      return bucket.available >= 0 ? 0 : Math.ceil((-bucket.available / bucket.rate) * 1000)
    },
    async settle(key, reserved, charged, status) {
      const now = Date.now()
      const bucket = buckets.get(key)
      if (!bucket) {
        buckets.set(key, { available: status.currentlyAvailable, maximum: status.maximumAvailable, rate: status.restoreRate, at: now })
        return
      }
      refill(bucket, now)
      bucket.maximum = status.maximumAvailable
      bucket.rate = status.restoreRate
      bucket.available = Math.min(bucket.available + (reserved - charged), status.currentlyAvailable)
    },
  }
}

export const RATE_LIMIT_TABLE = 'shopify_rate_limits'

/** The shared store: one row per bucket in `shopify_rate_limits` (migration 20261130_170000_shopify_rate_limits). */
export const postgresRateLimitStore = (pool: pg.Pool): RateLimitStore => ({
  async reserve(key, cost) {
    const { rows } = await pool.query<{ available: number; restore_rate: number }>(
      `update ${RATE_LIMIT_TABLE}
          set available = least(maximum_available, available + restore_rate * extract(epoch from clock_timestamp() - refreshed_at)) - $2,
              refreshed_at = clock_timestamp()
        where key = $1
    returning available, restore_rate`,
      [key, cost],
    )
    const row = rows[0]
    // Unknown until Shopify's first answer.
    if (!row) return null
    const available = Number(row.available)
    return available >= 0 ? 0 : Math.ceil((-available / Number(row.restore_rate)) * 1000)
  },
  async settle(key, reserved, charged, status) {
    await pool.query(
      `insert into ${RATE_LIMIT_TABLE} as b (key, maximum_available, restore_rate, available, refreshed_at)
       values ($1, $2, $3, $4, clock_timestamp())
       on conflict (key) do update
          set maximum_available = excluded.maximum_available,
              restore_rate = excluded.restore_rate,
              available = least(
                least(b.maximum_available, b.available + b.restore_rate * extract(epoch from clock_timestamp() - b.refreshed_at)) + $5,
                excluded.available
              ),
              refreshed_at = clock_timestamp()`,
      [key, status.maximumAvailable, status.restoreRate, status.currentlyAvailable, reserved - charged],
    )
  },
})

let store: RateLimitStore = memoryRateLimitStore()

/** The store every Shopify client of this process uses (the plugin sets the shared one at start-up). */
export const rateLimitStore = (): RateLimitStore => store

export const setRateLimitStore = (next: RateLimitStore): void => {
  store = next
}
