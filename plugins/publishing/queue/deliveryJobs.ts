import type { PayloadRequest } from 'payload'
import type pg from 'pg'

import type { DeliveryTarget, IntentSubject, QueuedRecord } from '../records'
import type { JobLease } from './jobLease'
import type { DeliveryInput } from './types'

import {
  BACKFILL_TASK,
  DELIVER_TASK,
  DELIVERY_QUEUE,
  FANOUT_QUEUE,
  SCHEDULE_PUBLISH_QUEUE,
  SCHEDULE_PUBLISH_TASK,
} from '../defaults'
import { writeDeliveryIntents } from '../records'
import { bulkInsert } from '../utilities/bulkInsert'
import { JOBS_TABLE } from './jobLease'

/** An unexpected error (the database went away, a bug) releases the job to run again this much later. */
const UNEXPECTED_ERROR_DELAY_MS = 30_000
/** After this many unexpected errors the job is marked failed, as Payload's runner would. */
const UNEXPECTED_ERROR_TRIES = 5

/**
 * Inserts delivery jobs in one statement, in `req`'s transaction: what `payload.jobs.queue` writes
 * (input, task, queue), minus its per-job read-back. `waitUntil` holds them back until then.
 */
export const insertDeliveryJobs = async (
  req: PayloadRequest,
  inputs: DeliveryInput[],
  { waitUntil }: { waitUntil?: Date } = {},
): Promise<void> => {
  const now = new Date().toISOString()
  await bulkInsert(
    req,
    JOBS_TABLE,
    inputs.map((input) => ({
      input,
      taskSlug: DELIVER_TASK,
      queue: DELIVERY_QUEUE,
      ...(waitUntil ? { waitUntil: waitUntil.toISOString() } : {}),
      createdAt: now,
      updatedAt: now,
    })),
  )
}

/**
 * Writes the deliveries' intents on their records (records/intents.ts) and queues the jobs that
 * carry them out, inside the caller's transaction: the save and its deliveries commit or fail
 * together. A fan-out to ten destinations costs a handful of statements instead of sixty.
 */
export const enqueueDeliveries = async (
  subject: IntentSubject,
  targets: DeliveryTarget[],
): Promise<(QueuedRecord | null)[]> => {
  const { records, deliveries } = await writeDeliveryIntents(subject, targets)
  await insertDeliveryJobs(subject.req, deliveries)
  return records
}

/** Queues one delivery; see `enqueueDeliveries`. */
export const enqueueDelivery = async ({
  integration,
  action,
  remoteStatus,
  ...subject
}: IntentSubject & DeliveryTarget): Promise<QueuedRecord | null> =>
  (await enqueueDeliveries(subject, [{ integration, action, remoteStatus }]))[0] ?? null

/** Queues the retry of a delivery that failed in a way a retry can help, to run at `waitUntil`. */
export const queueDeliveryRetry = (
  req: PayloadRequest,
  input: DeliveryInput,
  waitUntil: Date,
): Promise<void> => insertDeliveryJobs(req, [input], { waitUntil })

/**
 * A claimed job (a delivery's by default). `total_tried` is a numeric column: pg returns it as a
 * string. `updated_at` is the lease token.
 */
export type ClaimedJob<Input = DeliveryInput> = {
  id: number | string
  input: Input
  total_tried: string | number | null
  updated_at: Date
}

/**
 * Claims up to `limit` due jobs of `queue`/`task` for this process in one statement: marks them
 * processing and returns their inputs, oldest first. The row locks (`for update skip locked`)
 * hand each job to one claimer, so any number of processes may claim at once, without a lock.
 */
export const claimDueJobs = async <Input>(
  client: pg.PoolClient,
  { queue, task, bulk }: { queue: string; task: string; bulk?: boolean },
  limit: number,
): Promise<ClaimedJob<Input>[]> => {
  if (limit <= 0) return []
  // `bulk` (deliveries only): a "publish everything" run's deliveries, or none of them.
  const which = bulk === undefined ? '' : `and (input->>'bulk') is ${bulk ? 'not null' : 'null'}`
  const { rows } = await client.query<ClaimedJob<Input>>(
    `update ${JOBS_TABLE} set processing = true, updated_at = now()
      where id in (
        select id from ${JOBS_TABLE}
         where queue = $1 and task_slug = $2 and processing is not true and completed_at is null
           and has_error is not true and (wait_until is null or wait_until <= now()) ${which}
         order by created_at, id
         limit $3
         for update skip locked)
      returning id, input, total_tried, updated_at`,
    [queue, task, limit],
  )
  return rows
}

/**
 * Claims up to `limit` due deliveries of saves (not of a "publish everything" run: those have a
 * lane of their own, `claimDueBulkDeliveries`, so a save's delivery never waits behind a run's
 * thousands); see `claimDueJobs`.
 */
export const claimDueDeliveries = (client: pg.PoolClient, limit: number): Promise<ClaimedJob[]> =>
  claimDueJobs<DeliveryInput>(
    client,
    { queue: DELIVERY_QUEUE, task: DELIVER_TASK, bulk: false },
    limit,
  )

/** Claims up to `limit` due deliveries of "publish everything" runs (`input.bulk` set). */
export const claimDueBulkDeliveries = (
  client: pg.PoolClient,
  limit: number,
): Promise<ClaimedJob[]> =>
  claimDueJobs<DeliveryInput>(
    client,
    { queue: DELIVERY_QUEUE, task: DELIVER_TASK, bulk: true },
    limit,
  )

/**
 * Whether a "publish everything" run has work due that no runner holds: a step, or a delivery
 * (`input.bulk`). The app's runner asks it every tick to decide whether its bulk child must run.
 */
export const hasDueBulkWork = async (client: pg.PoolClient | pg.Pool): Promise<boolean> => {
  const { rows } = await client.query<{ due: boolean }>(
    `select exists (
       select 1 from ${JOBS_TABLE}
        where queue = $1 and processing is not true and completed_at is null
          and has_error is not true and (wait_until is null or wait_until <= now())
          and (task_slug = $3 or (task_slug = $2 and (input->>'bulk') is not null))) as due`,
    [DELIVERY_QUEUE, DELIVER_TASK, BACKFILL_TASK],
  )
  return rows[0]?.due === true
}

/**
 * Puts back in the queue the fan-out, delivery and scheduled publish jobs a runner started and never finished (it was
 * killed). Their records say `publishing`; running them again is safe because adapters find the
 * copy they made and destinations receive the same idempotency key. Compared with the database's
 * clock, so that app instances whose clocks disagree still agree on what has expired.
 */
export const reclaimExpiredLeases = async (
  client: pg.PoolClient,
  leaseMs: number,
): Promise<void> => {
  await client.query(
    `update ${JOBS_TABLE} set processing = false
      where (queue in ($1, $2) or (queue = $4 and task_slug = $5)) and processing
        and completed_at is null
        and updated_at < now() - make_interval(secs => $3::double precision / 1000)`,
    [FANOUT_QUEUE, DELIVERY_QUEUE, leaseMs, SCHEDULE_PUBLISH_QUEUE, SCHEDULE_PUBLISH_TASK],
  )
}

/**
 * Deletes the job of a finished delivery or fan-out, while this process still owns it (Payload's runner
 * deletes completed jobs too, `deleteJobOnComplete`; the record's history keeps the outcome).
 * Resolves to whether it was still ours.
 */
export const deleteFinishedJob = (lease: JobLease): Promise<boolean> =>
  lease.settle(`delete from ${JOBS_TABLE} where id = $1 and updated_at = $2`)

/**
 * Releases a job whose delivery threw unexpectedly to run again a little later, or after a few
 * such errors marks it failed with the error, like Payload does. Resolves to whether it was still ours.
 */
export const releaseJobAfterError = (
  lease: JobLease,
  job: Pick<ClaimedJob<unknown>, 'total_tried'>,
  message: string,
): Promise<boolean> => {
  const tries = Number(job.total_tried ?? 0) + 1
  return lease.settle(
    `update ${JOBS_TABLE}
        set processing = false, total_tried = $3, updated_at = now(),
            has_error = $4, error = $5::jsonb,
            wait_until = now() + make_interval(secs => $6::double precision / 1000)
      where id = $1 and updated_at = $2`,
    [
      tries,
      tries >= UNEXPECTED_ERROR_TRIES,
      JSON.stringify({ message }),
      UNEXPECTED_ERROR_DELAY_MS,
    ],
  )
}
