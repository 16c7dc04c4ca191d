import type { Payload, Where } from 'payload'
import type pg from 'pg'

import { DELIVERY_QUEUE, FANOUT_QUEUE, RUNNER_LOCK_KEY } from '../defaults'
import { registryOf } from '../registry'

const JOBS = 'payload-jobs'

export type RunResult = {
  /** False when another process held the runner lock this tick. */
  ran: boolean
  /** Jobs started this tick. */
  jobs: number
  /** Settles when the deliveries started this tick have finished. */
  settled: Promise<unknown>
}

/** Deliveries this process is running right now, per Payload instance. */
const inFlight = new WeakMap<Payload, number>()

/**
 * Puts back in the queue the jobs a runner started and never finished (it was killed). Their
 * records say `publishing`; running them again is safe because adapters find the copy they made
 * and destinations receive the same idempotency key.
 */
const reclaimExpiredLeases = async (payload: Payload, leaseMs: number): Promise<void> => {
  await payload.db.updateMany({
    collection: JOBS,
    where: {
      and: [
        { queue: { in: [FANOUT_QUEUE, DELIVERY_QUEUE] } },
        { processing: { equals: true } },
        { updatedAt: { less_than: new Date(Date.now() - leaseMs).toISOString() } },
      ],
    },
    data: { processing: false },
    returning: false,
  })
}

/** Claims up to `limit` due deliveries for this process: marks them processing, returns their ids. */
const claimDueDeliveries = async (payload: Payload, limit: number): Promise<(number | string)[]> => {
  if (limit <= 0) return []
  const due: Where = {
    and: [
      { queue: { equals: DELIVERY_QUEUE } },
      { processing: { equals: false } },
      { completedAt: { exists: false } },
      { hasError: { not_equals: true } },
      { or: [{ waitUntil: { exists: false } }, { waitUntil: { less_than_equal: new Date().toISOString() } }] },
    ],
  }
  const { docs } = await payload.db.find({ collection: JOBS, where: due, limit, pagination: false, sort: 'createdAt', select: { id: true } })
  const ids = docs.map((doc) => doc.id)
  if (ids.length) {
    await payload.db.updateMany({
      collection: JOBS,
      where: { id: { in: ids } },
      data: { processing: true, updatedAt: new Date().toISOString() },
      returning: false,
    })
  }
  return ids
}

/**
 * One runner tick. Under a PostgreSQL advisory lock (so that of all the processes sharing the
 * database only one claims at a time) it puts expired leases back, runs the fan-outs one at a
 * time (they only touch the database), and claims the due deliveries. The deliveries then run
 * outside the lock, in parallel, without holding up later ticks: a destination that never answers
 * delays only its own delivery, not everyone else's.
 *
 * Payload's own job runner claims jobs without row locks, so two runners would run a job twice;
 * claiming under the lock is what makes every job run once. The lock is a session lock on a
 * connection held for the tick, so a runner that dies releases it.
 */
export const runDeliveries = async (payload: Payload, { limit = 50 }: { limit?: number } = {}): Promise<RunResult> => {
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const client = await pool.connect()
  let claimed: (number | string)[] = []
  let fanOuts = 0
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [RUNNER_LOCK_KEY])
    if (!rows[0]?.locked) return { ran: false, jobs: 0, settled: Promise.resolve() }
    try {
      await reclaimExpiredLeases(payload, registryOf(payload).options.leaseMs)
      const planned = await payload.jobs.run({ queue: FANOUT_QUEUE, limit, sequential: true, silent: true })
      fanOuts = Object.keys((planned as { jobStatus?: object }).jobStatus ?? {}).length
      claimed = await claimDueDeliveries(payload, limit - (inFlight.get(payload) ?? 0))
    } finally {
      await client.query('select pg_advisory_unlock($1)', [RUNNER_LOCK_KEY])
    }
  } finally {
    client.release()
  }
  inFlight.set(payload, (inFlight.get(payload) ?? 0) + claimed.length)
  const settled = Promise.allSettled(
    claimed.map((id) =>
      payload.jobs.runByID({ id, silent: true }).finally(() => inFlight.set(payload, (inFlight.get(payload) ?? 1) - 1)),
    ),
  )
  return { ran: true, jobs: fanOuts + claimed.length, settled }
}
