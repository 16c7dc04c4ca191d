import type { Payload } from 'payload'

import cron from 'node-cron'

/**
 * Runs `tick` on a node-cron `expression` (with seconds) in this process, never overlapping itself;
 * a failing tick is logged and the next one runs as usual. Returns a function that stops it.
 */
export const scheduleTicks = (payload: Payload, expression: string, name: string, tick: () => Promise<unknown>): (() => Promise<void>) => {
  const task = cron.schedule(
    expression,
    async () => {
      try {
        await tick()
      } catch (error) {
        payload.logger.error({ msg: `${name} tick failed`, err: error })
      }
    },
    { noOverlap: true, name },
  )
  return async () => {
    await task.destroy()
  }
}
