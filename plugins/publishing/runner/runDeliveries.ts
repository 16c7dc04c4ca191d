import type { Payload } from 'payload'

import { createLocalReq } from 'payload'

import type { ClaimedJob } from '../queue'

import { BACKFILL_TASK, RUNNER_LOCK_KEY } from '../defaults'
import { runDeliveryQueueJob } from '../jobs/tasks'
import {
  claimDueDeliveries,
  claimDueJobs,
  deleteFinishedJob,
  holdLease,
  poolOf,
  reclaimExpiredLeases,
  releaseJobAfterError,
  runFanOutJobs,
  runScheduledPublishes,
  withAdvisoryLock,
} from '../queue'
import { registryOf } from '../registry'

export type RunResult = {
  /** False when another process held the runner lock this tick. */
  ran: boolean
  /** Jobs started this tick. */
  jobs: number
  /** Settles when the deliveries started this tick have finished. */
  settled: Promise<unknown>
}

/** Steps of "publish everything" (delivery/backfill.ts) one tick claims at most. */
const BACKFILL_STEPS_PER_TICK = 4

/** Deliveries this process is running right now, per Payload instance. */
const inFlight = new WeakMap<Payload, number>()

/**
 * Runs one claimed delivery job, then settles it: a finished delivery deletes its job, and
 * `deliver` has already queued a new job when it wants a retry. An unexpected error (not a
 * destination's failure, which `deliver` records itself) releases the job to run again a little
 * later, and after a few such errors marks it failed (queue/deliveryJobs.ts).
 *
 * The job's lease is renewed while the delivery runs (a slow destination must not see it twice),
 * and settling touches the job only while this process still owns it (see `holdLease`).
 */
const runClaimed = async (payload: Payload, job: ClaimedJob): Promise<void> => {
  const lease = holdLease(payload, poolOf(payload), job, registryOf(payload).options.leaseMs)
  let failure: { error: unknown } | null = null
  try {
    await runDeliveryQueueJob(await createLocalReq({}, payload), job.task_slug, job.input)
  } catch (error) {
    failure = { error }
  }
  let owned: boolean
  if (failure) {
    payload.logger.error({
      msg: 'delivery job failed unexpectedly',
      job: job.id,
      input: job.input,
      err: failure.error,
    })
    const message = failure.error instanceof Error ? failure.error.message : String(failure.error)
    // The database is unreachable: the lease brings the job back later.
    owned = await releaseJobAfterError(lease, job, message).catch(() => true)
  } else {
    owned = await deleteFinishedJob(lease).catch((error: unknown) => {
      // The delivery is done and recorded; when the lease runs out the job runs again and finds
      // the record's revision already delivered or the remote copy by its idempotency key.
      payload.logger.warn({
        msg: 'could not delete a finished delivery job',
        job: job.id,
        error: String(error),
      })
      return true
    })
  }
  if (!owned) {
    payload.logger.warn({
      msg: 'delivery job was taken over by another runner; left to it',
      job: job.id,
      input: job.input,
    })
  }
}

/**
 * One runner tick. Under a PostgreSQL advisory lock (so that of all the processes sharing the
 * database only one plans at a time) it puts expired leases back, runs the due scheduled publishes
 * (Payload's `schedulePublish` jobs) and the fan-outs one at a time
 * (they only touch the database), and claims the due deliveries. The deliveries then run outside
 * the lock, in parallel, without holding up later ticks: a destination that never answers delays
 * only its own delivery, not everyone else's. At most `limit` deliveries run at once per process.
 * Why deliveries bypass Payload's runner: queue/index.ts.
 */
export const runDeliveries = async (
  payload: Payload,
  { limit = 50 }: { limit?: number } = {},
): Promise<RunResult> => {
  const tick = await withAdvisoryLock(payload, RUNNER_LOCK_KEY, async (client) => {
    await reclaimExpiredLeases(client, registryOf(payload).options.leaseMs)
    // Scheduled publishes first: the fan-outs their saves queue then run in this same tick.
    const scheduled = await runScheduledPublishes(payload, limit)
    const fanOuts = scheduled + (await runFanOutJobs(payload, limit))
    // Steps of "publish everything" next (a few: each one queues a chunk of deliveries), then
    // the deliveries, oldest first, up to the process's limit.
    const steps = await claimDueJobs(client, BACKFILL_TASK, BACKFILL_STEPS_PER_TICK)
    return {
      fanOuts,
      claimed: [
        ...steps,
        ...(await claimDueDeliveries(client, limit - (inFlight.get(payload) ?? 0))),
      ],
    }
  })
  if (!tick.locked) return { ran: false, jobs: 0, settled: Promise.resolve() }
  const { fanOuts, claimed } = tick.value
  inFlight.set(payload, (inFlight.get(payload) ?? 0) + claimed.length)
  const settled = Promise.allSettled(
    claimed.map((job) =>
      runClaimed(payload, job).finally(() =>
        inFlight.set(payload, (inFlight.get(payload) ?? 1) - 1),
      ),
    ),
  )
  return { ran: true, jobs: fanOuts + claimed.length, settled }
}
