import type { Payload } from 'payload'

import { SYNC_SCHEDULE } from '../defaults'
import { runSyncs } from './runSyncs'
import { scheduleTicks } from './scheduleTicks'

/**
 * Runs the sync scheduler every five seconds in this process. Any number of processes may do this:
 * the advisory lock in `runSyncs` lets one work at a time, so each due sync runs once. Returns a
 * function that stops the schedule.
 */
export const startSyncScheduler = (payload: Payload): (() => Promise<void>) =>
  scheduleTicks(payload, SYNC_SCHEDULE, 'syndicate-sync-scheduler', () => runSyncs(payload))
