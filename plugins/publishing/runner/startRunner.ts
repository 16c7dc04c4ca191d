import type { Payload } from 'payload'

import { runDeliveries } from './runDeliveries'
import { scheduleTicks } from './scheduleTicks'

/**
 * Runs deliveries every second in this process. Any number of processes may do this: the advisory
 * lock in `runDeliveries` lets one plan at a time. Returns a function that stops claiming work and
 * settles once the deliveries already started have finished (claiming no more meanwhile): a tick only claims deliveries and
 * starts them (they run outside it), so waiting for the tick alone would let a caller close the
 * database under deliveries still writing their results.
 */
export const startRunner = (payload: Payload): (() => Promise<void>) => {
  const started = new Set<Promise<unknown>>()
  const stopping = new AbortController()
  const stopTicks = scheduleTicks(payload, '* * * * * *', 'syndicate-delivery-runner', async () => {
    const { settled } = await runDeliveries(payload, { signal: stopping.signal })
    started.add(settled)
    void settled.finally(() => started.delete(settled))
  })
  return async () => {
    stopping.abort()
    await stopTicks()
    await Promise.allSettled([...started])
  }
}
