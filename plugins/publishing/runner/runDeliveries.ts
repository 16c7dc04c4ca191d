import type { Payload } from 'payload'
import type pg from 'pg'

import { DELIVERY_QUEUE, FANOUT_QUEUE, RUNNER_LOCK_KEY } from '../defaults'
import { registryOf } from '../registry'

export type RunResult = { ran: boolean; jobs: number }

/**
 * Puts back in the queue the deliveries a runner started and never finished (it was killed).
 * Their records say `publishing`; running them again is safe because adapters find the copy they
 * made and destinations receive the same idempotency key.
 */
const reclaimExpiredLeases = async (payload: Payload, leaseMs: number): Promise<void> => {
  await payload.update({
    collection: 'payload-jobs',
    where: {
      and: [
        { queue: { in: [FANOUT_QUEUE, DELIVERY_QUEUE] } },
        { processing: { equals: true } },
        { updatedAt: { less_than: new Date(Date.now() - leaseMs).toISOString() } },
      ],
    },
    data: { processing: false },
    overrideAccess: true,
    depth: 0,
  })
}

/**
 * One runner tick: if no other process holds the runner's PostgreSQL advisory lock, take it, put
 * expired leases back, run the due deliveries, and let go. Payload's own job runner claims jobs
 * without row locks, so two runners at once would run a job twice; the lock makes the whole
 * installation one runner at a time, however many app instances share the database.
 *
 * The lock is a session lock on a connection held for the tick, so a runner that dies releases it.
 */
export const runDeliveries = async (payload: Payload, { limit = 100 }: { limit?: number } = {}): Promise<RunResult> => {
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const client = await pool.connect()
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [RUNNER_LOCK_KEY])
    if (!rows[0]?.locked) return { ran: false, jobs: 0 }
    try {
      await reclaimExpiredLeases(payload, registryOf(payload).options.leaseMs)
      // Fan-outs first and one at a time (two for one document must not race for its records),
      // then the deliveries they queued, in parallel.
      const planned = await payload.jobs.run({ queue: FANOUT_QUEUE, limit, sequential: true, silent: true })
      const delivered = await payload.jobs.run({ queue: DELIVERY_QUEUE, limit, silent: true })
      const count = (result: unknown) => Object.keys((result as { jobStatus?: object }).jobStatus ?? {}).length
      return { ran: true, jobs: count(planned) + count(delivered) }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [RUNNER_LOCK_KEY])
    }
  } finally {
    client.release()
  }
}
