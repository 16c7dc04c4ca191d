import type { Payload, PayloadRequest } from 'payload'
import type pg from 'pg'

import { INTEGRATIONS, SYNC_LOCK_KEY, SYNC_QUEUE, SYNC_TASK } from '../defaults'
import { registryOf } from '../registry'

const JOBS = 'payload-jobs'

type SyncJob = { id: number | string; input?: { integration?: number } | null }
type DueRow = { id: number; platform: string; syncIntervalMinutes?: number | null; lastSyncAt?: string | null }

/** Sync jobs not finished yet (queued or running), by integration. */
export const openSyncJobs = async (payload: Payload, req?: PayloadRequest): Promise<Map<number, number | string>> => {
  const { docs } = await payload.db.find<SyncJob>({
    collection: JOBS,
    where: { and: [{ queue: { equals: SYNC_QUEUE } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
    pagination: false,
    req,
  })
  return new Map(docs.filter((job) => typeof job.input?.integration === 'number').map((job) => [job.input!.integration!, job.id]))
}

/** Queues a sync of `integration` (unless one is open already) and marks it pending. Returns the job id. */
export const queueSync = async (payload: Payload, integration: number, req?: PayloadRequest): Promise<{ jobId: number | string; queued: boolean }> => {
  const open = (await openSyncJobs(payload, req)).get(integration)
  if (open !== undefined) return { jobId: open, queued: false }
  const job = await payload.jobs.queue({ task: SYNC_TASK, queue: SYNC_QUEUE, input: { integration }, req })
  await payload.db.updateOne({ collection: INTEGRATIONS, id: integration, data: { syncStatus: 'pending' }, req, returning: false })
  return { jobId: job.id, queued: true }
}

/** Queues the syncs that are due: sync-enabled, active, pull-capable, interval elapsed. */
const queueDueSyncs = async (payload: Payload, now: Date): Promise<number> => {
  const { docs } = await payload.db.find<DueRow>({
    collection: INTEGRATIONS,
    where: { and: [{ syncEnabled: { equals: true } }, { isActive: { equals: true } }] },
    pagination: false,
    select: { platform: true, syncIntervalMinutes: true, lastSyncAt: true },
  })
  const adapters = registryOf(payload).adapters
  let queued = 0
  for (const row of docs) {
    if (!adapters.get(row.platform)?.capabilities.pull) continue
    const interval = Math.max(1, row.syncIntervalMinutes ?? 15) * 60_000
    if (row.lastSyncAt && Date.parse(row.lastSyncAt) + interval > now.getTime()) continue
    if ((await queueSync(payload, row.id)).queued) queued++
  }
  return queued
}

/**
 * One tick of the sync scheduler. Under its own PostgreSQL advisory lock (not the delivery
 * runner's: a long sync never holds up deliveries), so that of all the processes sharing the
 * database one works at a time: it puts back sync jobs a dead process left running (holding the
 * lock proves nobody else runs one), queues the due syncs and runs the queued ones, one after the
 * other. Payload's job runner claims without row locks; the lock is what makes each run once.
 */
export const runSyncs = async (payload: Payload, { now = new Date(), limit = 10 }: { now?: Date; limit?: number } = {}): Promise<{ ran: boolean; queued: number; jobs: number }> => {
  const pool = (payload.db as unknown as { pool: pg.Pool }).pool
  const client = await pool.connect()
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [SYNC_LOCK_KEY])
    if (!rows[0]?.locked) return { ran: false, queued: 0, jobs: 0 }
    try {
      await payload.db.updateMany({
        collection: JOBS,
        where: { and: [{ queue: { equals: SYNC_QUEUE } }, { processing: { equals: true } }] },
        data: { processing: false },
        returning: false,
      })
      const queued = await queueDueSyncs(payload, now)
      const result = await payload.jobs.run({ queue: SYNC_QUEUE, limit, sequential: true, silent: true })
      return { ran: true, queued, jobs: Object.keys((result as { jobStatus?: object }).jobStatus ?? {}).length }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [SYNC_LOCK_KEY])
    }
  } finally {
    client.release()
  }
}
