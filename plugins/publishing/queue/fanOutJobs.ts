import type { Payload, PayloadRequest } from 'payload'

import type { FanOutInput } from './types'

import {
  FANOUT_QUEUE,
  FANOUT_TASK,
  SCHEDULE_PUBLISH_QUEUE,
  SCHEDULE_PUBLISH_TASK,
} from '../defaults'

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

/**
 * Runs up to `limit` due scheduled publishes and unpublishes (Payload's `schedulePublish` task,
 * queued by the admin's "Schedule publish" with `waitUntil`), one at a time, through Payload's
 * runner. The caller holds the delivery runner's advisory lock, so with any number of app and
 * worker processes each runs once, at its time; Payload's own autorun stays off. Each one saves
 * the document, and its afterChange queues the fan-out as after any publish. Returns how many ran.
 */
export const runScheduledPublishes = async (payload: Payload, limit: number): Promise<number> => {
  if (!payload.config.jobs.tasks?.some((task) => task.slug === SCHEDULE_PUBLISH_TASK)) return 0
  const result = await payload.jobs.run({
    queue: SCHEDULE_PUBLISH_QUEUE,
    where: { taskSlug: { equals: SCHEDULE_PUBLISH_TASK } },
    limit,
    sequential: true,
    silent: true,
  })
  return Object.keys((result as { jobStatus?: object }).jobStatus ?? {}).length
}
