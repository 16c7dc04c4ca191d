import type { Payload } from 'payload'

import cron from 'node-cron'

import { runDeliveries } from './runDeliveries'

/**
 * Runs deliveries every second in this process (node-cron, never overlapping itself). Any number
 * of processes may do this: the advisory lock in `runDeliveries` lets one run at a time.
 * Returns a function that stops the schedule.
 */
export const startRunner = (payload: Payload): (() => Promise<void>) => {
  const task = cron.schedule(
    '* * * * * *',
    async () => {
      try {
        await runDeliveries(payload)
      } catch (error) {
        payload.logger.error({ msg: 'delivery runner tick failed', err: error })
      }
    },
    { noOverlap: true, name: 'syndicate-delivery-runner' },
  )
  return async () => {
    await task.destroy()
  }
}
