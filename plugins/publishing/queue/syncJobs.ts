import type { Payload, PayloadRequest } from 'payload'

import type { SyncInput } from './types'

import { SYNC_QUEUE, SYNC_TASK } from '../defaults'
import { markSyncPending } from '../integrations/syncSchedule'

const JOBS = 'payload-jobs'

type SyncJob = { id: number | string; input?: Partial<SyncInput> | null }

/** Sync jobs not finished yet (queued or running), by integration. */
export const openSyncJobs = async (
  payload: Payload,
  req?: PayloadRequest,
): Promise<Map<number, number | string>> => {
  const { docs } = await payload.db.find<SyncJob>({
    collection: JOBS,
    where: {
      and: [
        { queue: { equals: SYNC_QUEUE } },
        { completedAt: { exists: false } },
        { hasError: { not_equals: true } },
      ],
    },
    pagination: false,
    req,
  })
  return new Map(
    docs
      .filter((job) => typeof job.input?.integration === 'number')
      .map((job) => [job.input!.integration!, job.id]),
  )
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
  const input: SyncInput = { integration }
  const job = await payload.jobs.queue({ task: SYNC_TASK, queue: SYNC_QUEUE, input, req })
  await markSyncPending(payload, integration, req)
  return { jobId: job.id, queued: true }
}

/**
 * Puts back the sync jobs a dead process left running. Only under the sync scheduler's advisory
 * lock: holding it proves nobody else runs one.
 */
export const releaseStaleSyncJobs = async (payload: Payload): Promise<void> => {
  await payload.db.updateMany({
    collection: JOBS,
    where: { and: [{ queue: { equals: SYNC_QUEUE } }, { processing: { equals: true } }] },
    data: { processing: false },
    returning: false,
  })
}

/** Runs up to `limit` queued syncs, one after the other, through Payload's runner (under the sync lock). Returns how many ran. */
export const runSyncJobs = async (payload: Payload, limit: number): Promise<number> => {
  const result = await payload.jobs.run({
    queue: SYNC_QUEUE,
    limit,
    sequential: true,
    silent: true,
  })
  return Object.keys((result as { jobStatus?: object }).jobStatus ?? {}).length
}
