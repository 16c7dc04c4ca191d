import type { Payload } from 'payload'

import cron from 'node-cron'

/**
 * Runs `tick` on a node-cron `expression` (with seconds) in this process, never overlapping itself;
 * a failing tick is logged and the next one runs as usual. Returns a function that stops it and
 * settles once a tick in progress has finished (node-cron's `destroy` does not wait for it), so a
 * caller may close the database right after.
 */
export const scheduleTicks = (
  payload: Payload,
  expression: string,
  name: string,
  tick: () => Promise<unknown>,
): (() => Promise<void>) => {
  let running: Promise<void> = Promise.resolve()
  const task = cron.schedule(
    expression,
    () => {
      running = tick().then(
        () => undefined,
        (error: unknown) => payload.logger.error({ msg: `${name} tick failed`, err: error }),
      )
      return running
    },
    { noOverlap: true, name },
  )
  return async () => {
    await task.destroy()
    await running
  }
}
