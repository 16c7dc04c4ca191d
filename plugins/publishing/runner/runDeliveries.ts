import type { Payload, PayloadRequest } from 'payload'
import type pg from 'pg'

import { createLocalReq } from 'payload'

import type {
  BackfillInput,
  ClaimedJob,
  DeliveryInput,
  FanOutInput,
  SiteDeployInput,
} from '../queue'
import type { BackgroundPace } from './backgroundPace'

import { FANOUT_LOCK_SPACE, RUNNER_LOCK_KEY } from '../defaults'
import { runBackfillStep, runDeliveryJob, runFanOutJob, runSiteDeployJob } from '../jobs/tasks'
import {
  claimDueBackfillSteps,
  claimDueBulkDeliveries,
  claimDueDeliveries,
  claimDueFanOuts,
  claimDueSiteDeploys,
  deleteFinishedJob,
  fanOutLockKey,
  holdLease,
  poolOf,
  reclaimExpiredLeases,
  releaseJobAfterError,
  runScheduledPublishes,
  withAdvisoryLock,
  withAdvisoryLockWait,
} from '../queue'
import { registryOf } from '../registry'
import { runLane, type Lane } from './runLane'

export type RunResult = {
  /** False when another process held the runner lock this tick (it put back no expired leases). */
  ran: boolean
  /** Jobs started by the tick's own claims (refills come later). */
  jobs: number
  /** Settles when the jobs started this tick (refills included) have finished. */
  settled: Promise<unknown>
}

/** Which lanes a runner runs: see `runDeliveries`. */
export type RunnerLanes = 'all' | 'bulk' | 'foreground'

/** Steps of "publish everything" (delivery/backfill.ts) one process runs at once. */
const BACKFILL_STEPS_PER_TICK = 4

/** Site-level deliveries one process runs at once (each may render a whole site). */
const SITE_DEPLOYS_PER_TICK = 2

/** Fan-outs one process runs at once (each holds two connections: its document's lock, its transaction). */
const FANOUT_CONCURRENCY = 3

/**
 * Runs one claimed job (a delivery or a fan-out), then settles it: a finished job is deleted (a
 * delivery that wants a retry has already queued a new job). An unexpected error (not a
 * destination's failure, which `deliver` records itself) releases the job to run again a little
 * later, and after a few such errors marks it failed (queue/deliveryJobs.ts).
 *
 * The job's lease is renewed while the delivery runs (a slow destination must not see it twice),
 * and settling touches the job only while this process still owns it (see `holdLease`).
 */
const runClaimed = async <Input>(
  payload: Payload,
  job: ClaimedJob<Input>,
  work: (req: PayloadRequest, input: Input) => Promise<unknown>,
): Promise<void> => {
  const lease = holdLease(payload, poolOf(payload), job, registryOf(payload).options.leaseMs)
  let failure: { error: unknown } | null = null
  try {
    await work(await createLocalReq({}, payload), job.input)
  } catch (error) {
    failure = { error }
  }
  let owned: boolean
  if (failure) {
    payload.logger.error({
      msg: 'publishing job failed unexpectedly',
      job: job.id,
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
        msg: 'could not delete a finished publishing job',
        job: job.id,
        error: String(error),
      })
      return true
    })
  }
  if (!owned) {
    payload.logger.warn({
      msg: 'publishing job was taken over by another runner; left to it',
      job: job.id,
    })
  }
}

/** Claims with a pooled connection of its own (no lock needed: see `claimDueJobs`). */
const claimWith =
  <Input>(
    payload: Payload,
    claim: (client: pg.PoolClient, limit: number) => Promise<ClaimedJob<Input>[]>,
  ) =>
  async (limit: number): Promise<ClaimedJob<Input>[]> => {
    const client = await poolOf(payload).connect()
    try {
      return await claim(client, limit)
    } finally {
      client.release()
    }
  }

/**
 * Fan-outs: each holds its document's lock (`fanOutLockKey`) while it reads the document and
 * writes its records, so two saves of one document fan out one after the other, in any process.
 */
const fanOutLane = (payload: Payload, limit: number): Lane<FanOutInput> => ({
  name: 'fan-out',
  limit: Math.min(limit, FANOUT_CONCURRENCY),
  claim: claimWith(payload, claimDueFanOuts),
  run: (job) =>
    runClaimed(payload, job, (req, input) =>
      withAdvisoryLockWait(payload, FANOUT_LOCK_SPACE, fanOutLockKey(input), () =>
        runFanOutJob(req, input),
      ),
    ),
})

const deliveryLane = (payload: Payload, limit: number): Lane<DeliveryInput> => ({
  name: 'delivery',
  limit,
  claim: claimWith(payload, claimDueDeliveries),
  run: (job) => runClaimed(payload, job, runDeliveryJob),
})

/**
 * Deliveries of "publish everything" runs (`input.bulk`), apart from the saves' (`deliveryLane`):
 * a run's thousands never hold up a save's delivery, and in a process that serves requests `pace`
 * (runner/backgroundPace.ts) keeps them to what the event loop can spare beside the requests.
 */
const bulkDeliveryLane = (
  payload: Payload,
  limit: number,
  pace: BackgroundPace | null,
): Lane<DeliveryInput> => ({
  name: 'bulk-delivery',
  limit,
  ...(pace ? { allowance: () => pace.allowance() } : {}),
  claim: claimWith(payload, claimDueBulkDeliveries),
  run: (job) => runClaimed(payload, job, runDeliveryJob),
})

/** Site-level deliveries (the site's settings changed): a few at once per process. */
const siteLane = (payload: Payload): Lane<SiteDeployInput> => ({
  name: 'site',
  limit: SITE_DEPLOYS_PER_TICK,
  claim: claimWith(payload, claimDueSiteDeploys),
  run: (job) => runClaimed(payload, job, runSiteDeployJob),
})

/**
 * Steps of "publish everything" (delivery/backfill.ts): each queues a chunk of ordinary deliveries
 * and its successor, in one transaction. A few at once per process.
 */
const backfillLane = (payload: Payload): Lane<BackfillInput> => ({
  name: 'backfill',
  limit: BACKFILL_STEPS_PER_TICK,
  claim: claimWith(payload, claimDueBackfillSteps),
  run: (job) => runClaimed(payload, job, runBackfillStep),
})

/**
 * One runner tick. Under a PostgreSQL advisory lock (one process at a time) it puts expired leases
 * back and runs the due scheduled publishes (Payload's `schedulePublish` jobs, through Payload's
 * runner: the lock makes each run once). Then, in every process, lock or not: it runs due fan-outs
 * (at most `limit` this tick, a few at once) and waits for them, then claims due deliveries and
 * starts them. Claims take row
 * locks (`for update skip locked`), which hand each job to one process: every process sharing the
 * database adds its share of fan-outs and deliveries, and none waits for another. Steps of
 * "publish everything" are claimed the same way, before the deliveries they queue.
 *
 * Deliveries run outside the tick, in parallel, without holding up later ticks: a destination that
 * never answers delays only its own delivery. At most `limit` run at once per process; while
 * claims come back full (more may be waiting), a process whose deliveries have half finished
 * claims again at once instead of idling until the next tick. `signal` stops those refills (the
 * runner is stopping). Why fan-outs and deliveries bypass Payload's runner: queue/index.ts.
 *
 * The deliveries a "publish everything" run queued go in a lane of their own (`bulkDeliveryLane`):
 * up to `limit` at once and `bulkPerTick` (default `limit`) in all per tick, refills included, and
 * with `pace` (a process that serves requests) no more at once than its allowance: they give way to
 * the requests.
 */
export const runDeliveries = async (
  payload: Payload,
  {
    limit = 50,
    signal,
    pace = null,
    bulkPerTick = limit,
    lanes = 'all',
  }: {
    limit?: number
    signal?: AbortSignal
    pace?: BackgroundPace | null
    /** A run's deliveries this tick claims in all, refills included; default `limit`. */
    bulkPerTick?: number
    /**
     * `'all'`; `'bulk'`, only the steps and deliveries of "publish everything" runs (the bulk
     * child, runner/bulkChild.ts: no lease reclaim, no scheduled publishes); `'foreground'`,
     * everything else (the app's runner while its bulk child takes the runs).
     */
    lanes?: RunnerLanes
  } = {},
): Promise<RunResult> => {
  const withBulk = lanes !== 'foreground'
  const withForeground = lanes !== 'bulk'
  const tick = withForeground
    ? await withAdvisoryLock(payload, RUNNER_LOCK_KEY, async (client) => {
        await reclaimExpiredLeases(client, registryOf(payload).options.leaseMs)
        // Scheduled publishes first: the fan-outs their saves queue then run in this same tick.
        return signal?.aborted ? 0 : runScheduledPublishes(payload, limit)
      })
    : { locked: false as const }
  const scheduled = tick.locked ? tick.value : 0
  const none = { claimed: () => 0, settled: Promise.resolve() }
  const fanOuts = withForeground
    ? await runLane(payload, fanOutLane(payload, limit), { cap: limit, signal })
    : none
  await fanOuts.settled
  const steps = withBulk
    ? await runLane(payload, backfillLane(payload), { cap: BACKFILL_STEPS_PER_TICK, signal })
    : none
  await steps.settled
  const deliveries = withForeground
    ? await runLane(payload, deliveryLane(payload, limit), { signal })
    : none
  // At most `limit` of a run's deliveries a tick, refills included: while its claims come back
  // full a lane refills at once, so an uncapped tick (above all one paced to a few at a time,
  // whose every claim is full) would go on until no run's delivery is due, waits for a parent
  // that come due meanwhile included, and a short tick would not be short.
  const bulk = withBulk
    ? await runLane(payload, bulkDeliveryLane(payload, limit, pace), { cap: bulkPerTick, signal })
    : none
  // Beside the deliveries: a site-level deploy and the deliveries of that site take turns on the
  // site's lock, in any order (each renders the site as the database has it then).
  const sites = withForeground
    ? await runLane(payload, siteLane(payload), { cap: SITE_DEPLOYS_PER_TICK, signal })
    : none
  return {
    ran: tick.locked,
    jobs:
      scheduled +
      fanOuts.claimed() +
      steps.claimed() +
      deliveries.claimed() +
      bulk.claimed() +
      sites.claimed(),
    settled: Promise.all([deliveries.settled, bulk.settled, sites.settled]),
  }
}
