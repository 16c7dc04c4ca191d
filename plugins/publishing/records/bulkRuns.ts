import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import { sqlRows } from '../utilities/sqlRows'

/*
 * The records of a "publish everything" run: every record the run queued or found up to date
 * carries the run's number (`bulkRun`), so its progress is a count by status, taken once per
 * backfill step rather than written once per delivery.
 */

export type RunCounts = {
  /** Records of the run: queued by it, or found up to date. */
  total: number
  /** Still on their way (queued, waiting for a parent or a retry, publishing). */
  open: number
  /** Delivered (or up to date already). */
  done: number
  /** Failed, or stopped on a conflict. */
  failed: number
}

export const countRun = async (
  req: PayloadRequest,
  integration: number,
  run: number,
): Promise<RunCounts> => {
  const [row] = await sqlRows<Record<keyof RunCounts, string | number>>(
    req,
    sql`select count(*) as total,
               count(*) filter (where status in ('queued', 'publishing')) as open,
               count(*) filter (where status = 'published') as done,
               count(*) filter (where status in ('failed', 'conflict')) as failed
          from publishing_records
         where integration_id = ${integration} and bulk_run = ${run}`,
  )
  return {
    total: Number(row?.total ?? 0),
    open: Number(row?.open ?? 0),
    done: Number(row?.done ?? 0),
    failed: Number(row?.failed ?? 0),
  }
}

/** Counts these records (found up to date) in run `run`, in one statement. */
export const tagRecordsWithRun = async (
  req: PayloadRequest,
  ids: number[],
  run: number,
): Promise<void> => {
  if (!ids.length) return
  await sqlRows(
    req,
    sql`update publishing_records set bulk_run = ${run}
         where id in (${sql.join(
           ids.map((id) => sql`${id}`),
           sql`, `,
         )})`,
  )
}

/**
 * Settles the records whose queued delivery a cancelled run dropped: one never delivered goes away
 * (as if it had never been queued: running "publish everything" again queues it anew), one with a
 * copy at the destination says again what it said before: `failed` when its last delivery failed
 * (the error is still on it, since queueing keeps it), else `published` (its content hash still
 * says what the copy holds, so a new run sends it when it differs).
 */
export const settleDroppedRecords = async (req: PayloadRequest, ids: number[]): Promise<void> => {
  if (!ids.length) return
  const list = sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )
  await sqlRows(
    req,
    sql`delete from publishing_records where id in (${list}) and status = 'queued' and remote_id is null`,
  )
  await sqlRows(
    req,
    sql`update publishing_records
           set status = (case when last_error is null then 'published' else 'failed' end)::enum_publishing_records_status,
               next_attempt_at = null, updated_at = now()
         where id in (${list}) and status = 'queued'`,
  )
}
