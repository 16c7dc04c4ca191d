import type { Payload, PayloadRequest } from 'payload'

import { INTEGRATIONS, SYNC_LOCK_KEY, SYNC_QUEUE, SYNC_TASK } from '../defaults'
import { registryOf } from '../registry'
import { withAdvisoryLock } from '../queue/advisoryLock'

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
export const queueSync = async (
  payload: Payload,
  integration: number,
  req?: PayloadRequest,
  /** The open sync jobs, when the caller has read them already (the scheduler, for many integrations). */
  openJobs?: Map<number, number | string>,
): Promise<{ jobId: number | string; queued: boolean }> => {
  const open = (openJobs ?? (await openSyncJobs(payload, req))).get(integration)
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
  const due = docs.filter((row) => {
    if (!adapters.get(row.platform)?.capabilities.pull) return false
    const interval = Math.max(1, row.syncIntervalMinutes ?? 15) * 60_000
    return !row.lastSyncAt || Date.parse(row.lastSyncAt) + interval <= now.getTime()
  })
  if (!due.length) return 0
  const open = await openSyncJobs(payload)
  let queued = 0
  for (const row of due) if ((await queueSync(payload, row.id, undefined, open)).queued) queued++
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
  const tick = await withAdvisoryLock(payload, SYNC_LOCK_KEY, async () => {
    await payload.db.updateMany({
      collection: JOBS,
      where: { and: [{ queue: { equals: SYNC_QUEUE } }, { processing: { equals: true } }] },
      data: { processing: false },
      returning: false,
    })
    const queued = await queueDueSyncs(payload, now)
    const result = await payload.jobs.run({ queue: SYNC_QUEUE, limit, sequential: true, silent: true })
    return { queued, jobs: Object.keys((result as { jobStatus?: object }).jobStatus ?? {}).length }
  })
  return tick.locked ? { ran: true, ...tick.value } : { ran: false, queued: 0, jobs: 0 }
}
