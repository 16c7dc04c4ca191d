import type { Payload } from 'payload'

import { processPace, usePace } from './backgroundPace'
import { runDeliveries } from './runDeliveries'
import { scheduleTicks } from './scheduleTicks'

/**
 * Runs deliveries every second in this process. Any number of processes may do this: the advisory
 * lock in `runDeliveries` lets one plan at a time. Returns a function that stops claiming work and
 * settles once the deliveries already started have finished (claiming no more meanwhile): a tick only claims deliveries and
 * starts them (they run outside it), so waiting for the tick alone would let a caller close the
 * database under deliveries still writing their results.
 *
 * `servesRequests` (the default: the app's own runner, in the process that answers the admin)
 * paces the deliveries of "publish everything" runs to the event loop's health
 * (runner/backgroundPace.ts), so the requests keep their speed; `npm run worker`, which serves
 * none, passes false and runs them as fast as the saves' deliveries.
 */
export const startRunner = (
  payload: Payload,
  { servesRequests = true }: { servesRequests?: boolean } = {},
): (() => Promise<void>) => {
  const started = new Set<Promise<unknown>>()
  const stopping = new AbortController()
  const releasePace = servesRequests ? usePace() : () => {}
  const pace = servesRequests ? processPace() : null
  const stopTicks = scheduleTicks(payload, '* * * * * *', 'syndicate-delivery-runner', async () => {
    // A worker's tick drains every due delivery of a run, as it does the saves' (no per-tick cap).
    const { settled } = await runDeliveries(payload, {
      signal: stopping.signal,
      pace,
      ...(servesRequests ? {} : { bulkPerTick: Infinity }),
    })
    started.add(settled)
    void settled.finally(() => started.delete(settled))
  })
  return async () => {
    stopping.abort()
    await stopTicks()
    await Promise.allSettled([...started])
    releasePace()
  }
}
