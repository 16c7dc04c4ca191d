import type { Payload } from 'payload'

import type { ClaimedJob } from '../queue'

/** A kind of job the runner claims and runs itself, at most `limit` at once per process. */
export type Lane<Input> = {
  name: string
  limit: number
  claim: (limit: number) => Promise<ClaimedJob<Input>[]>
  /** Runs and settles one claimed job; never rejects. */
  run: (job: ClaimedJob<Input>) => Promise<void>
}

/** Jobs of each lane this process is running right now, per Payload instance. */
const inFlight = new WeakMap<Payload, Map<string, number>>()

const busy = (payload: Payload, lane: string): number => inFlight.get(payload)?.get(lane) ?? 0

const addBusy = (payload: Payload, lane: string, change: number): void => {
  const lanes = inFlight.get(payload) ?? new Map<string, number>()
  lanes.set(lane, busy(payload, lane) + change)
  inFlight.set(payload, lanes)
}

/**
 * Claims as many jobs of `lane` as it has room for (up to `cap` in all) and starts them. While the
 * claims come back full (more jobs may be waiting), each time the lane is half free it claims
 * again at once, so a backlog drains without waiting for the next tick; `signal` stops any claim.
 * Resolves once the first claim has started; `settled` once every job it started has finished.
 */
export const runLane = async <Input>(
  payload: Payload,
  lane: Lane<Input>,
  { cap = Infinity, signal }: { cap?: number; signal?: AbortSignal } = {},
): Promise<{ claimed: () => number; settled: Promise<void> }> => {
  const running = new Set<Promise<void>>()
  let refilling: Promise<void> | null = null
  let claimed = 0
  let more = false

  function claimAndStart(room: number): Promise<void> {
    return lane.claim(room).then((jobs) => {
      claimed += jobs.length
      more = room > 0 && jobs.length === room && claimed < cap
      addBusy(payload, lane.name, jobs.length)
      for (const job of jobs) {
        const run: Promise<void> = lane.run(job).finally(() => {
          addBusy(payload, lane.name, -1)
          running.delete(run)
          refill()
        })
        running.add(run)
      }
    })
  }

  function refill(): void {
    const now = busy(payload, lane.name)
    if (!more || refilling || signal?.aborted || now > lane.limit / 2) return
    refilling = claimAndStart(Math.min(lane.limit - now, cap - claimed))
      .catch((error: unknown) => {
        // The next tick claims again.
        more = false
        payload.logger.warn({ msg: `could not claim more ${lane.name} jobs`, error: String(error) })
      })
      .finally(() => (refilling = null))
  }

  // A runner that is stopping claims nothing more, not even in a tick already under way.
  if (!signal?.aborted) await claimAndStart(Math.min(lane.limit - busy(payload, lane.name), cap))
  const settled = (async () => {
    while (running.size || refilling)
      await Promise.allSettled(refilling ? [...running, refilling] : [...running])
  })()
  return { claimed: () => claimed, settled }
}
