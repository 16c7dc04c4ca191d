import type { Payload } from 'payload'

import cron from 'node-cron'

import { SYNC_SCHEDULE } from '../defaults'
import { runSyncs } from './runSyncs'

/**
 * Runs the sync scheduler every five seconds in this process (node-cron, never overlapping
 * itself). Any number of processes may do this: the advisory lock in `runSyncs` lets one work at
 * a time, so each due sync runs once. Returns a function that stops the schedule.
 */
export const startSyncScheduler = (payload: Payload): (() => Promise<void>) => {
  const task = cron.schedule(
    SYNC_SCHEDULE,
    async () => {
      try {
        await runSyncs(payload)
      } catch (error) {
        payload.logger.error({ msg: 'sync scheduler tick failed', err: error })
      }
    },
    { noOverlap: true, name: 'syndicate-sync-scheduler' },
  )
  return async () => {
    await task.destroy()
  }
}
