import type { Payload } from 'payload'

import { SYNC_LOCK_KEY } from '../defaults'
import { dueSyncIntegrations } from '../integrations/syncSchedule'
import {
  openSyncJobs,
  queueSync,
  releaseStaleSyncJobs,
  runSyncJobs,
  withAdvisoryLock,
} from '../queue'

/** Queues the syncs that are due. Returns how many were queued (a sync already open is not queued twice). */
const queueDueSyncs = async (payload: Payload, now: Date): Promise<number> => {
  const due = await dueSyncIntegrations(payload, now)
  if (!due.length) return 0
  const open = await openSyncJobs(payload)
  let queued = 0
  for (const integration of due)
    if ((await queueSync(payload, integration, undefined, open)).queued) queued++
  return queued
}

/**
 * One tick of the sync scheduler. Under its own PostgreSQL advisory lock (not the delivery
 * runner's: a long sync never holds up deliveries), so that of all the processes sharing the
 * database one works at a time: it puts back sync jobs a dead process left running (holding the
 * lock proves nobody else runs one), queues the due syncs and runs the queued ones, one after the
 * other. Why the lock: queue/index.ts.
 */
export const runSyncs = async (
  payload: Payload,
  { now = new Date(), limit = 10 }: { now?: Date; limit?: number } = {},
): Promise<{ ran: boolean; queued: number; jobs: number }> => {
  const tick = await withAdvisoryLock(payload, SYNC_LOCK_KEY, async () => {
    await releaseStaleSyncJobs(payload)
    const queued = await queueDueSyncs(payload, now)
    return { queued, jobs: await runSyncJobs(payload, limit) }
  })
  return tick.locked ? { ran: true, ...tick.value } : { ran: false, queued: 0, jobs: 0 }
}
