import type { Payload } from 'payload'

import { hasDueBulkWork, poolOf } from '../queue'
import { registryOf } from '../registry'
import { processPace, usePace } from './backgroundPace'
import { bulkChild, type BulkChild } from './bulkChild'
import { runDeliveries, type RunnerLanes } from './runDeliveries'
import { scheduleTicks } from './scheduleTicks'

export type RunnerOptions = {
  /** The runner shares its process with the admin's requests (the app's own runner). @default true */
  servesRequests?: boolean
  /** `'bulk'`: only the steps and deliveries of "publish everything" runs (the bulk child). */
  only?: 'bulk'
  /** Called once when nothing was claimed or running for `afterMs` (the bulk child exits then). */
  idle?: { afterMs: number; then: () => void }
}

/**
 * Which lanes the app's runner runs this tick: with a bulk child (the `bulkProcess` option), all
 * but the runs' work, which the child takes; it starts the child when that work is due.
 */
const lanesBeside = async (payload: Payload, child: BulkChild | null): Promise<RunnerLanes> => {
  if (!child || child.givenUp()) return 'all'
  if (!child.running() && (await hasDueBulkWork(poolOf(payload)))) child.ensure()
  // `ensure` gives up at once when the child's files are missing: then this process runs them.
  return child.givenUp() ? 'all' : 'foreground'
}

/**
 * Runs deliveries every second in this process. Any number of processes may do this: the advisory
 * lock in `runDeliveries` lets one plan at a time. Returns a function that stops claiming work and
 * settles once the deliveries already started have finished (claiming no more meanwhile) and the
 * bulk child, if any, has exited: a tick only claims deliveries and starts them (they run outside
 * it), so waiting for the tick alone would let a caller close the database under deliveries still
 * writing their results.
 *
 * `servesRequests` (the default: the app's own runner, in the process that answers the admin)
 * keeps the work of "publish everything" runs off this event loop: with the plugin's
 * `bulkProcess` option it leaves that work to a child process at the lowest CPU priority
 * (runner/bulkChild.ts); without it, or when the child cannot run, it paces the runs' deliveries
 * to the event loop's health (runner/backgroundPace.ts), so the requests keep their speed.
 * `npm run worker`, which serves none, passes false and runs them as fast as the saves'
 * deliveries; its `--bulk-only` form (the bulk child) passes `only: 'bulk'` as well.
 */
export const startRunner = (
  payload: Payload,
  { servesRequests = true, only, idle }: RunnerOptions = {},
): (() => Promise<void>) => {
  const started = new Set<Promise<unknown>>()
  const stopping = new AbortController()
  const releasePace = servesRequests ? usePace() : () => {}
  const pace = servesRequests ? processPace() : null
  const { bulkProcess } = registryOf(payload).options
  const child = servesRequests && bulkProcess && !only ? bulkChild(payload, bulkProcess) : null
  let lastBusy = Date.now()
  let idled = false
  const stopTicks = scheduleTicks(payload, '* * * * * *', 'syndicate-delivery-runner', async () => {
    const lanes = only ?? (await lanesBeside(payload, child))
    // A worker's tick drains every due delivery of a run, as it does the saves' (no per-tick cap).
    const { jobs, settled } = await runDeliveries(payload, {
      signal: stopping.signal,
      pace,
      lanes,
      ...(servesRequests ? {} : { bulkPerTick: Infinity }),
    })
    if (jobs > 0 || started.size > 0) lastBusy = Date.now()
    else if (idle && !idled && Date.now() - lastBusy >= idle.afterMs) {
      idled = true
      idle.then()
    }
    started.add(settled)
    void settled.finally(() => started.delete(settled))
  })
  return async () => {
    stopping.abort()
    await stopTicks()
    await Promise.allSettled([...started])
    await child?.stop()
    releasePace()
  }
}
