import type { Payload } from 'payload'

import { DELIVERY_QUEUE, FANOUT_QUEUE, runDeliveries } from '@plugins/publishing/exports/server'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Deliveries waiting in the queue (due or not), excluding ones that failed for good. */
export const pendingDeliveries = async (payload: Payload): Promise<number> =>
  (
    await payload.count({
      collection: 'payload-jobs',
      where: {
        queue: { in: [DELIVERY_QUEUE, FANOUT_QUEUE] },
        completedAt: { exists: false },
        hasError: { not_equals: true },
      },
    })
  ).totalDocs

/** Runs the delivery runner until the queue is empty, retries included. */
export const drainDeliveries = async (payload: Payload, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const { settled } = await runDeliveries(payload)
    await settled
    if ((await pendingDeliveries(payload)) === 0) return
    await sleep(25)
  }
  throw new Error(`deliveries still pending after ${timeoutMs} ms`)
}
