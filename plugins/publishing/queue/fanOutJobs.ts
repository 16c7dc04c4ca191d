import type { Payload, PayloadRequest } from 'payload'

import type { FanOutInput } from './types'

import { FANOUT_QUEUE, FANOUT_TASK } from '../defaults'

/** Queues the fan-out job in the caller's transaction: the save and its intent commit together. */
export const queueFanOut = async (req: PayloadRequest, input: FanOutInput): Promise<void> => {
  await req.payload.jobs.queue({ task: FANOUT_TASK, queue: FANOUT_QUEUE, input, req })
}

/**
 * Runs up to `limit` queued fan-outs, one at a time, through Payload's runner. The caller holds the
 * delivery runner's advisory lock (see queue/index.ts). Returns how many ran.
 */
export const runFanOutJobs = async (payload: Payload, limit: number): Promise<number> => {
  const result = await payload.jobs.run({
    queue: FANOUT_QUEUE,
    limit,
    sequential: true,
    silent: true,
  })
  return Object.keys((result as { jobStatus?: object }).jobStatus ?? {}).length
}
