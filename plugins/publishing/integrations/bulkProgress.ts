import type { PayloadRequest } from 'payload'

import { sql } from '@payloadcms/db-postgres'

import type { BulkStatus } from '../defaults'

import { sqlRows } from '../utilities/sqlRows'

/*
 * The integration's `bulk` group: where its "publish everything" run stands. Written by the
 * platform only (the field refuses API writes), with SQL, without touching the integration's
 * `updatedAt`: progress is not an edit, and the admin's open form must not see it as one.
 */

/** What a backfill step and the endpoints need of the integration, read under its row lock. */
export type BulkState = {
  name: string
  site: number
  isActive: boolean
  status: BulkStatus
  run: number
  total: number
}

/**
 * Reads the integration's bulk state and locks its row until `req`'s transaction ends, so that a
 * start, a cancel and a backfill step of one integration happen one after the other. Null when
 * the integration does not exist (any more).
 */
export const lockBulkState = async (
  req: PayloadRequest,
  integration: number,
): Promise<BulkState | null> => {
  const [row] = await sqlRows<{
    name: string
    site: number
    is_active: boolean | null
    status: BulkStatus | null
    run: number
    total: number
  }>(
    req,
    sql`select name, site_id as site, is_active, bulk_status as status,
               coalesce(bulk_run, 0)::int as run, coalesce(bulk_total, 0)::int as total
          from integrations where id = ${integration} for update`,
  )
  if (!row) return null
  return {
    name: row.name,
    site: Number(row.site),
    isActive: row.is_active !== false,
    status: row.status ?? 'idle',
    run: Number(row.run),
    total: Number(row.total),
  }
}

export type BulkWrite = {
  status?: BulkStatus
  total?: number
  done?: number
  failed?: number
  startedAt?: Date | null
  finishedAt?: Date | null
  run?: number
}

/**
 * Writes the given fields of the integration's bulk group (the others keep their values), in
 * `req`'s transaction (callers hold one: the row lock). A trigger (migration bulk_publish) keeps
 * the group as it is on every other write, Payload's own saves of the integration included, so
 * this statement first says, for its transaction only, that it is the platform's.
 */
export const writeBulkState = async (
  req: PayloadRequest,
  integration: number,
  data: BulkWrite,
): Promise<void> => {
  const has = (key: keyof BulkWrite) => data[key] !== undefined
  await sqlRows(req, sql`select set_config('syndicate.bulk_write', 'on', true)`)
  await sqlRows(
    req,
    sql`update integrations set
          bulk_status = case when ${has('status')} then ${data.status ?? null}::enum_integrations_bulk_status else bulk_status end,
          bulk_total = case when ${has('total')} then ${data.total ?? null}::numeric else bulk_total end,
          bulk_done = case when ${has('done')} then ${data.done ?? null}::numeric else bulk_done end,
          bulk_failed = case when ${has('failed')} then ${data.failed ?? null}::numeric else bulk_failed end,
          bulk_started_at = case when ${has('startedAt')} then ${data.startedAt?.toISOString() ?? null}::timestamptz else bulk_started_at end,
          bulk_finished_at = case when ${has('finishedAt')} then ${data.finishedAt?.toISOString() ?? null}::timestamptz else bulk_finished_at end,
          bulk_run = case when ${has('run')} then ${data.run ?? null}::numeric else bulk_run end
        where id = ${integration}`,
  )
  await sqlRows(req, sql`select set_config('syndicate.bulk_write', 'off', true)`)
}
