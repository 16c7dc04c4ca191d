import type { Payload } from 'payload'
import type pg from 'pg'

import { createLocalReq } from 'payload'

import { DELIVER_TASK, DELIVERY_QUEUE, FANOUT_QUEUE, RUNNER_LOCK_KEY } from '../defaults'
import { deliver, type DeliveryInput } from '../delivery/deliver'
import { registryOf } from '../registry'
import { poolOf, withAdvisoryLock } from '../queue/advisoryLock'
import { holdLease, JOBS_TABLE, type JobLease } from '../queue/jobLease'

// The runner claims and settles delivery jobs with plain SQL on JOBS_TABLE: one statement each,
// where Payload's job runner spends about ten (see `runClaimed`).

/** An unexpected error (the database went away, a bug) releases the job to run again this much later. */
const UNEXPECTED_ERROR_DELAY_MS = 30_000
/** After this many unexpected errors the job is marked failed, as Payload's runner would. */
const UNEXPECTED_ERROR_TRIES = 5

export type RunResult = {
  /** False when another process held the runner lock this tick. */
  ran: boolean
  /** Jobs started this tick. */
  jobs: number
  /** Settles when the deliveries started this tick have finished. */
  settled: Promise<unknown>
}

// `total_tried` is a numeric column: pg returns it as a string. `updated_at` is the lease token.
type ClaimedJob = { id: number | string; input: DeliveryInput; total_tried: string | number | null; updated_at: Date }

/** Deliveries this process is running right now, per Payload instance. */
const inFlight = new WeakMap<Payload, number>()

/**
 * Puts back in the queue the jobs a runner started and never finished (it was killed). Their
 * records say `publishing`; running them again is safe because adapters find the copy they made
 * and destinations receive the same idempotency key. Compared with the database's clock, so that
 * app instances whose clocks disagree still agree on what has expired.
 */
const reclaimExpiredLeases = async (client: pg.PoolClient, leaseMs: number): Promise<void> => {
  await client.query(
    `update ${JOBS_TABLE} set processing = false
      where queue in ($1, $2) and processing and completed_at is null
        and updated_at < now() - make_interval(secs => $3::double precision / 1000)`,
    [FANOUT_QUEUE, DELIVERY_QUEUE, leaseMs],
  )
}

/**
 * Claims up to `limit` due deliveries for this process in one statement: marks them processing and
 * returns their inputs, oldest first. `skip locked` keeps it safe even outside the runner lock.
 */
const claimDueDeliveries = async (client: pg.PoolClient, limit: number): Promise<ClaimedJob[]> => {
  if (limit <= 0) return []
  const { rows } = await client.query<ClaimedJob>(
    `update ${JOBS_TABLE} set processing = true, updated_at = now()
      where id in (
        select id from ${JOBS_TABLE}
         where queue = $1 and task_slug = $2 and processing is not true and completed_at is null
           and has_error is not true and (wait_until is null or wait_until <= now())
         order by created_at, id
         limit $3
         for update skip locked)
      returning id, input, total_tried, updated_at`,
    [DELIVERY_QUEUE, DELIVER_TASK, limit],
  )
  return rows
}

/**
 * Runs one claimed delivery job, then settles it: a finished delivery deletes its job (Payload's
 * runner deletes completed jobs too, `deleteJobOnComplete`; the record's history keeps the
 * outcome), and `deliver` has already queued a new job when it wants a retry. An unexpected error
 * (not a destination's failure, which `deliver` records itself) releases the job to run again a
 * little later, and after a few such errors marks it failed with the error, like Payload does.
 *
 * The job's lease is renewed while the delivery runs (a slow destination must not see it twice),
 * and settling touches the job only while this process still owns it (see `holdLease`).
 */
const runClaimed = async (payload: Payload, job: ClaimedJob): Promise<void> => {
  const lease = holdLease(payload, poolOf(payload), job, registryOf(payload).options.leaseMs)
  let outcome: { error: unknown } | null = null
  try {
    const req = await createLocalReq({}, payload)
    await deliver(req, job.input)
  } catch (error) {
    outcome = { error }
  }
  const owned = outcome
    ? await releaseAfterError(payload, job, lease, outcome.error)
    : await deleteFinished(payload, job, lease)
  if (!owned) {
    payload.logger.warn({ msg: 'delivery job was taken over by another runner; left to it', job: job.id, record: job.input?.record })
  }
}

/** Deletes the job of a finished delivery. */
const deleteFinished = (payload: Payload, job: ClaimedJob, lease: JobLease): Promise<boolean> =>
  lease.settle(`delete from ${JOBS_TABLE} where id = $1 and updated_at = $2`).catch((error: unknown) => {
    // The delivery is done and recorded; when the lease runs out the job runs again and finds
    // the record's revision already delivered or the remote copy by its idempotency key.
    payload.logger.warn({ msg: 'could not delete a finished delivery job', job: job.id, error: String(error) })
    return true
  })

/** Releases a job whose delivery threw unexpectedly, or fails it after too many tries. */
const releaseAfterError = async (payload: Payload, job: ClaimedJob, lease: JobLease, error: unknown): Promise<boolean> => {
  const tries = Number(job.total_tried ?? 0) + 1
  const message = error instanceof Error ? error.message : String(error)
  payload.logger.error({ msg: 'delivery job failed unexpectedly', job: job.id, record: job.input?.record, err: error })
  return lease
    .settle(
      `update ${JOBS_TABLE}
          set processing = false, total_tried = $3, updated_at = now(),
              has_error = $4, error = $5::jsonb,
              wait_until = now() + make_interval(secs => $6::double precision / 1000)
        where id = $1 and updated_at = $2`,
      [tries, tries >= UNEXPECTED_ERROR_TRIES, JSON.stringify({ message }), UNEXPECTED_ERROR_DELAY_MS],
    )
    .catch(() => true) // the database is unreachable: the lease brings the job back later
}

/**
 * One runner tick. Under a PostgreSQL advisory lock (so that of all the processes sharing the
 * database only one plans at a time) it puts expired leases back, runs the fan-outs one at a time
 * (they only touch the database), and claims the due deliveries. The deliveries then run outside
 * the lock, in parallel, without holding up later ticks: a destination that never answers delays
 * only its own delivery, not everyone else's. At most `limit` deliveries run at once per process.
 *
 * Payload's own job runner claims jobs without row locks, so two runners would run a job twice;
 * claiming under the lock (and with `for update skip locked`) is what makes every job run once.
 * The lock is a session lock on a connection held for the tick, so a runner that dies releases it.
 */
export const runDeliveries = async (payload: Payload, { limit = 50 }: { limit?: number } = {}): Promise<RunResult> => {
  const tick = await withAdvisoryLock(payload, RUNNER_LOCK_KEY, async (client) => {
    await reclaimExpiredLeases(client, registryOf(payload).options.leaseMs)
    const planned = await payload.jobs.run({ queue: FANOUT_QUEUE, limit, sequential: true, silent: true })
    const fanOuts = Object.keys((planned as { jobStatus?: object }).jobStatus ?? {}).length
    return { fanOuts, claimed: await claimDueDeliveries(client, limit - (inFlight.get(payload) ?? 0)) }
  })
  if (!tick.locked) return { ran: false, jobs: 0, settled: Promise.resolve() }
  const { fanOuts, claimed } = tick.value
  inFlight.set(payload, (inFlight.get(payload) ?? 0) + claimed.length)
  const settled = Promise.allSettled(
    claimed.map((job) => runClaimed(payload, job).finally(() => inFlight.set(payload, (inFlight.get(payload) ?? 1) - 1))),
  )
  return { ran: true, jobs: fanOuts + claimed.length, settled }
}
