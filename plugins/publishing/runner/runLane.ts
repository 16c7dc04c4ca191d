import type { Payload } from 'payload'

import type { ClaimedJob } from '../queue'

/** A kind of job the runner claims and runs itself, at most `limit` at once per process. */
export type Lane<Input> = {
  name: string
  limit: number
  /**
   * Background work's share, read at every claim: the lane runs at most this many at once (and
   * never more than `limit`). Absent: `limit` alone.
   */
  allowance?: () => number
  claim: (limit: number) => Promise<ClaimedJob<Input>[]>
  /** Runs and settles one claimed job; never rejects. */
  run: (job: ClaimedJob<Input>) => Promise<void>
}

/**
 * Jobs of each lane this process is running right now, per Payload instance, claims still under
 * way included (counted at the room they asked for until they answer): a refill and the next
 * tick's claim that overlap see each other's room as taken.
 */
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
  const limit = () => Math.min(lane.limit, lane.allowance?.() ?? Infinity)
  const room = () => Math.max(0, Math.min(limit() - busy(payload, lane.name), cap - claimed))

  async function claimAndStart(asked: number): Promise<void> {
    if (asked <= 0) return
    addBusy(payload, lane.name, asked)
    let jobs: ClaimedJob<Input>[]
    try {
      jobs = await lane.claim(asked)
    } catch (error) {
      addBusy(payload, lane.name, -asked)
      throw error
    }
    // Jobs it asked for and did not get are free room again.
    addBusy(payload, lane.name, jobs.length - asked)
    claimed += jobs.length
    more = jobs.length === asked && claimed < cap
    for (const job of jobs) {
      const run: Promise<void> = lane.run(job).finally(() => {
        addBusy(payload, lane.name, -1)
        running.delete(run)
        refill()
      })
      running.add(run)
    }
  }

  function refill(): void {
    const now = busy(payload, lane.name)
    if (!more || refilling || signal?.aborted || now > limit() / 2) return
    refilling = claimAndStart(room())
      .catch((error: unknown) => {
        // The next tick claims again.
        more = false
        payload.logger.warn({ msg: `could not claim more ${lane.name} jobs`, error: String(error) })
      })
      .finally(() => (refilling = null))
  }

  // A runner that is stopping claims nothing more, not even in a tick already under way.
  if (!signal?.aborted) await claimAndStart(room())
  const settled = (async () => {
    while (running.size || refilling)
      await Promise.allSettled(refilling ? [...running, refilling] : [...running])
  })()
  return { claimed: () => claimed, settled }
}
