import type { PayloadRequest } from 'payload'
import type pg from 'pg'

import { sql } from '@payloadcms/db-postgres'

import type { ClaimedJob } from './deliveryJobs'
import type { BackfillInput } from './types'

import { BACKFILL_TASK, DELIVER_TASK, DELIVERY_QUEUE } from '../defaults'
import { bulkInsert } from '../utilities/bulkInsert'
import { sqlRows } from '../utilities/sqlRows'
import { claimDueJobs } from './deliveryJobs'
import { JOBS_TABLE } from './jobLease'

/*
 * "Publish everything" runs as a chain of backfill steps in the delivery queue: each step is one
 * job, claimed and leased like a delivery (runner/runDeliveries.ts), and queues the next one in
 * its own transaction, so a run has one step waiting or running at a time.
 */

/** Claims up to `limit` due backfill steps, as deliveries are claimed (`claimDueJobs`). */
export const claimDueBackfillSteps = (
  client: pg.PoolClient,
  limit: number,
): Promise<ClaimedJob<BackfillInput>[]> =>
  claimDueJobs<BackfillInput>(client, { queue: DELIVERY_QUEUE, task: BACKFILL_TASK }, limit)

/** Queues a backfill step in `req`'s transaction; `waitUntil` holds it back until then. Returns its id. */
export const insertBackfillStep = async (
  req: PayloadRequest,
  input: BackfillInput,
  { waitUntil }: { waitUntil?: Date } = {},
): Promise<number> => {
  const now = new Date().toISOString()
  const [row] = await bulkInsert(req, JOBS_TABLE, [
    {
      input,
      taskSlug: BACKFILL_TASK,
      queue: DELIVERY_QUEUE,
      ...(waitUntil ? { waitUntil: waitUntil.toISOString() } : {}),
      createdAt: now,
      updatedAt: now,
    },
  ])
  return Number(row?.id)
}

/**
 * A cancel: deletes the run's jobs that have not started, in `req`'s transaction: its waiting
 * backfill step and the deliveries it queued (retries and waits for a parent included). Jobs a
 * runner holds finish. Returns the records whose delivery was dropped.
 */
export const dropRunJobs = async (
  req: PayloadRequest,
  integration: number,
  run: number,
): Promise<number[]> => {
  await sqlRows(
    req,
    sql`delete from payload_jobs
         where queue = ${DELIVERY_QUEUE} and task_slug = ${BACKFILL_TASK} and processing is not true
           and (input->>'integration')::int = ${integration}`,
  )
  const rows = await sqlRows<{ record: number }>(
    req,
    sql`delete from payload_jobs
         where queue = ${DELIVERY_QUEUE} and task_slug = ${DELIVER_TASK} and processing is not true
           and completed_at is null and (input->>'bulk')::int = ${run}
           and (input->>'record')::int in (
             select id from publishing_records where integration_id = ${integration} and bulk_run = ${run})
        returning (input->>'record')::int as record`,
  )
  return [...new Set(rows.map((row) => Number(row.record)))]
}

/**
 * Whether a backfill step of `integration` waits or runs. A run whose step failed for good (five
 * unexpected errors, `has_error`) has none: it can be started again.
 */
export const hasLiveBackfillStep = async (
  req: PayloadRequest,
  integration: number,
): Promise<boolean> =>
  (
    await sqlRows(
      req,
      sql`select 1 from payload_jobs
           where queue = ${DELIVERY_QUEUE} and task_slug = ${BACKFILL_TASK}
             and completed_at is null and has_error is not true
             and (input->>'integration')::int = ${integration}
           limit 1`,
    )
  ).length > 0
