import type { PayloadRequest, Where } from 'payload'

import type { PublishableCollection } from '../types'

import { SCHEDULE_PUBLISH_QUEUE, SCHEDULE_PUBLISH_TASK } from '../defaults'

/**
 * Schedules the publish of a local document at `at` as the admin's "Schedule publish" does
 * (Payload's `schedulePublish` task, the id as a string as the admin sends it), in the caller's
 * transaction, replacing the document's other scheduled publishes not yet started: two-way sync
 * keeps a post the remote holds back until a time (WordPress `future`) a draft here, published
 * then. No user: the publish is the platform's, as the sync that scheduled it.
 */
export const schedulePublishAt = async (
  req: PayloadRequest,
  collection: PublishableCollection,
  id: number,
  at: Date,
): Promise<void> => {
  if (!req.payload.config.jobs.tasks?.some((task) => task.slug === SCHEDULE_PUBLISH_TASK)) return
  const where: Where = {
    and: [
      { taskSlug: { equals: SCHEDULE_PUBLISH_TASK } },
      { 'input.type': { equals: 'publish' } },
      { 'input.doc.relationTo': { equals: collection } },
      { 'input.doc.value': { equals: String(id) } },
      { completedAt: { exists: false } },
      { processing: { equals: false } },
    ],
  }
  const { docs } = await req.payload.find({
    collection: 'payload-jobs',
    where,
    depth: 0,
    limit: 20,
    overrideAccess: true,
    req,
  })
  if (docs.length === 1 && Date.parse(String(docs[0]!.waitUntil)) === at.getTime()) return
  if (docs.length)
    await req.payload.delete({
      collection: 'payload-jobs',
      where: { id: { in: docs.map((job) => job.id) } },
      overrideAccess: true,
      req,
    })
  await req.payload.jobs.queue({
    task: SCHEDULE_PUBLISH_TASK,
    queue: SCHEDULE_PUBLISH_QUEUE,
    // The admin sends the id as a string (Payload #10481), and the task reads it so.
    input: {
      type: 'publish',
      doc: { relationTo: collection, value: String(id) as unknown as number },
    },
    waitUntil: at,
    req,
  })
}
