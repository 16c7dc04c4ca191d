import type { Payload, PayloadRequest } from 'payload'
import type pg from 'pg'

import type { ClaimedJob } from './deliveryJobs'
import type { FanOutInput } from './types'

import {
  FANOUT_QUEUE,
  FANOUT_TASK,
  SCHEDULE_PUBLISH_QUEUE,
  SCHEDULE_PUBLISH_TASK,
} from '../defaults'
import { claimDueJobs } from './deliveryJobs'

/** Queues the fan-out job in the caller's transaction: the save and its intent commit together. */
export const queueFanOut = async (req: PayloadRequest, input: FanOutInput): Promise<void> => {
  await req.payload.jobs.queue({ task: FANOUT_TASK, queue: FANOUT_QUEUE, input, req })
}

/**
 * Claims up to `limit` due fan-outs, as deliveries are claimed (`claimDueJobs`): any number of
 * processes run fan-outs side by side. Two fan-outs of one document must not overlap (both would
 * write its records): the runner holds the document's lock around each (`fanOutLockKey`).
 */
export const claimDueFanOuts = (
  client: pg.PoolClient,
  limit: number,
): Promise<ClaimedJob<FanOutInput>[]> =>
  claimDueJobs<FanOutInput>(client, { queue: FANOUT_QUEUE, task: FANOUT_TASK }, limit)

/** The advisory lock key (in `FANOUT_LOCK_SPACE`) of a document's fan-outs: a 32-bit FNV-1a hash. */
export const fanOutLockKey = ({
  collection,
  id,
}: Pick<FanOutInput, 'collection' | 'id'>): number => {
  let hash = 0x811c9dc5
  for (const char of `${collection}:${id}`) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  // A colliding key only makes two documents' fan-outs wait for each other.
  return hash | 0
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
