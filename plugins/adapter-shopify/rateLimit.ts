/**
 * Pacing by Shopify's calculated query cost, shared by every process that delivers to a shop.
 *
 * Shopify gives each app a leaky bucket per store: `maximumAvailable` points, restored at
 * `restoreRate` points per second (100 to 2,000 by plan), and answers every request with the
 * bucket's `throttleStatus`. The limit is never configured here: it is learnt from those answers.
 *
 * The bucket as we know it lives in one row per (shop, app) of `shopify_rate_limits`, shared
 * through PostgreSQL by every worker, and mirrors Shopify's: refilled for the time elapsed (on the
 * database's clock, the same for every process) up to `maximumAvailable`, less what was taken for
 * requests not answered yet (`pending`): Shopify may have charged those already, and its bucket
 * stops filling at `maximumAvailable`, so counting their points as refilled would run ahead of
 * Shopify's (measured: THROTTLED answers whenever the bucket had been full). Before a request, one
 * atomic statement takes the request's estimated cost out of it when it holds that much; when it
 * does not, it says how long until it will, and nothing is taken. When the bucket holds enough
 * (the usual case) the request goes at once: the only cost is that one statement, no lock is held
 * across the request and nobody sleeps. In each process only the first waiter per bucket asks
 * again (client.ts queues the others behind it), so waiting costs a statement per refill, not one
 * per waiting request.
 *
 * After the answer, the unused part of the estimate is given back. The row is brought down to
 * Shopify's word only when Shopify says it was wrong: a `THROTTLED` answer (which executed nothing)
 * gives its points back and sets the balance to what Shopify says is available less what others
 * have pending; the caller then asks
 * again. Bringing it down after every answer would lose the refill between Shopify's measure and
 * ours at each request, and those add up over a burst.
 *
 * Without a database (unit tests, scripts) the same arithmetic runs in memory, per process.
 */
import type pg from 'pg'

/** What Shopify reports in `extensions.cost.throttleStatus`. */
export type ThrottleStatus = {
  maximumAvailable: number
  currentlyAvailable: number
  restoreRate: number
}

export type RateLimitStore = {
  /**
   * Takes `cost` out of the bucket when it holds that much (`granted`), else says how long until
   * it will (`waitMs`) and takes nothing; null while the bucket is unknown (no answer from Shopify
   * yet). A cost above `maximumAvailable` is granted once the bucket is full (Shopify then refuses
   * it as too expensive, which no waiting helps).
   */
  take(key: string, cost: number): Promise<{ granted: boolean; waitMs: number } | null>
  /**
   * Brings the bucket back to what Shopify answered: `charged` points were really used of the
   * `reserved` ones (none when `throttled`).
   */
  settle(
    key: string,
    reserved: number,
    charged: number,
    status: ThrottleStatus,
    throttled: boolean,
  ): Promise<void>
  /** A request that got no answer (network failure): its points are no longer pending, and not given back. */
  release(key: string, reserved: number): Promise<void>
}

/**
 * `pending` drains by itself at the whole bucket per minute: a process that died mid-request
 * leaves what it took behind, and this forgets it while others keep the row busy. Requests in
 * flight last milliseconds, so the drift for them is negligible.
 */
const PENDING_DRAIN_SECONDS = 60

type Bucket = { available: number; pending: number; maximum: number; rate: number; at: number }

/** The per-process store: the same arithmetic, in memory. */
export const memoryRateLimitStore = (): RateLimitStore => {
  const buckets = new Map<string, Bucket>()
  // What is taken and not yet answered may already be charged by Shopify, so it is not refilled.
  const refill = (bucket: Bucket, now: number) => {
    const seconds = (now - bucket.at) / 1000
    bucket.pending = Math.max(
      0,
      bucket.pending - (bucket.maximum * seconds) / PENDING_DRAIN_SECONDS,
    )
    bucket.available = Math.min(
      bucket.maximum - bucket.pending,
      bucket.available + seconds * bucket.rate,
    )
    bucket.at = now
  }
  return {
    async take(key, cost) {
      const bucket = buckets.get(key)
      if (!bucket) return null
      refill(bucket, Date.now())
      const needed = Math.min(cost, bucket.maximum)
      if (bucket.available < needed)
        return {
          granted: false,
          waitMs: Math.ceil(((needed - bucket.available) / bucket.rate) * 1000),
        }
      bucket.available -= cost
      bucket.pending += cost
      return { granted: true, waitMs: 0 }
    },
    async settle(key, reserved, charged, status, throttled) {
      const now = Date.now()
      const bucket = buckets.get(key)
      if (!bucket) {
        buckets.set(key, {
          available: status.currentlyAvailable,
          pending: 0,
          maximum: status.maximumAvailable,
          rate: status.restoreRate,
          at: now,
        })
        return
      }
      refill(bucket, now)
      bucket.maximum = status.maximumAvailable
      bucket.rate = status.restoreRate
      bucket.pending = Math.max(0, bucket.pending - reserved)
      bucket.available = Math.min(
        bucket.maximum - bucket.pending,
        bucket.available + (reserved - charged),
      )
      if (throttled)
        bucket.available = Math.min(bucket.available, status.currentlyAvailable - bucket.pending)
    },
    async release(key, reserved) {
      const bucket = buckets.get(key)
      if (bucket) bucket.pending = Math.max(0, bucket.pending - reserved)
    },
  }
}

export const RATE_LIMIT_TABLE = 'shopify_rate_limits'

/** `pending` after its drain (see PENDING_DRAIN_SECONDS), in SQL; `PENDING_B` for the row aliased `b`. */
const PENDING = `greatest(0, pending - maximum_available * extract(epoch from clock_timestamp() - refreshed_at) / ${PENDING_DRAIN_SECONDS})`
const PENDING_B = `greatest(0, b.pending - b.maximum_available * extract(epoch from clock_timestamp() - b.refreshed_at) / ${PENDING_DRAIN_SECONDS})`

/** The shared store: one row per bucket in `shopify_rate_limits` (migration 20261130_170000_shopify_rate_limits). */
export const postgresRateLimitStore = (pool: pg.Pool): RateLimitStore => ({
  async take(key, cost) {
    const { rows } = await pool.query<{
      granted: boolean
      available: number
      restore_rate: number
      needed: number
    }>(
      `with r as (
         select key, maximum_available, available, restore_rate, refreshed_at,
                ${PENDING} as pending
           from ${RATE_LIMIT_TABLE} where key = $1 for update
       ), b as (
         select key, pending, least(maximum_available, $2) as needed,
                least(maximum_available - pending, available + restore_rate * extract(epoch from clock_timestamp() - refreshed_at)) as refilled
           from r
       )
       update ${RATE_LIMIT_TABLE} t
          set available = case when b.refilled >= b.needed then b.refilled - $2 else b.refilled end,
              pending = b.pending + case when b.refilled >= b.needed then $2 else 0 end,
              refreshed_at = clock_timestamp()
         from b
        where t.key = b.key
    returning b.refilled >= b.needed as granted, t.available, t.restore_rate, b.needed`,
      [key, cost],
    )
    const row = rows[0]
    // Unknown until Shopify's first answer.
    if (!row) return null
    if (row.granted) return { granted: true, waitMs: 0 }
    return {
      granted: false,
      waitMs: Math.ceil(
        ((Number(row.needed) - Number(row.available)) / Number(row.restore_rate)) * 1000,
      ),
    }
  },
  async settle(key, reserved, charged, status, throttled) {
    await pool.query(
      `insert into ${RATE_LIMIT_TABLE} as b (key, maximum_available, restore_rate, available, pending, refreshed_at)
       values ($1, $2, $3, $4, 0, clock_timestamp())
       on conflict (key) do update
          set maximum_available = excluded.maximum_available,
              restore_rate = excluded.restore_rate,
              available = least(
                excluded.maximum_available - greatest(0, ${PENDING_B} - $6),
                least(b.maximum_available - ${PENDING_B}, b.available + b.restore_rate * extract(epoch from clock_timestamp() - b.refreshed_at)) + $5,
                case when $7 then excluded.available - greatest(0, ${PENDING_B} - $6) else excluded.maximum_available end
              ),
              pending = greatest(0, ${PENDING_B} - $6),
              refreshed_at = clock_timestamp()`,
      [
        key,
        status.maximumAvailable,
        status.restoreRate,
        status.currentlyAvailable,
        reserved - charged,
        reserved,
        throttled,
      ],
    )
  },
  async release(key, reserved) {
    await pool.query(
      `update ${RATE_LIMIT_TABLE} set pending = greatest(0, pending - $2) where key = $1`,
      [key, reserved],
    )
  },
})

let store: RateLimitStore = memoryRateLimitStore()

/** The store every Shopify client of this process uses (the plugin sets the shared one at start-up). */
export const rateLimitStore = (): RateLimitStore => store

export const setRateLimitStore = (next: RateLimitStore): void => {
  store = next
}
