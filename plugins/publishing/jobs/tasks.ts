import type { TaskConfig } from 'payload'

import type { DeliveryInput } from '../delivery/deliver'
import type { FanOutInput } from '../delivery/fanOut'

import { DELIVER_TASK, FANOUT_TASK, SYNC_TASK } from '../defaults'
import { deliver } from '../delivery/deliver'
import { fanOut } from '../delivery/fanOut'
import { runSync } from '../sync/runSync'

/*
 * The plugin's Payload job tasks. Registering them is what lets `payload_jobs` hold their jobs
 * (their slugs are an enum there). Who runs them: fan-outs and syncs run through Payload's
 * `jobs.run` under the runner's and the scheduler's advisory locks (runner/); deliveries are
 * claimed and settled by our own runner (runner/runDeliveries.ts), which calls `deliver` directly,
 * so the delivery task's handler only runs if someone drives that queue with Payload's runner.
 */

export const fanOutTask: TaskConfig = {
  slug: FANOUT_TASK,
  label: 'Plan deliveries for a saved document',
  retries: 3,
  inputSchema: [
    { name: 'collection', type: 'text', required: true },
    { name: 'id', type: 'number', required: true },
    { name: 'action', type: 'text', required: true },
    { name: 'snapshot', type: 'json' },
  ],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => ({ output: { outcome: await fanOut(req, input as unknown as FanOutInput) } }),
}

export const deliverTask: TaskConfig = {
  slug: DELIVER_TASK,
  label: 'Deliver to a destination',
  retries: 0, // retries are scheduled by `deliver` itself, with backoff and Retry-After
  inputSchema: [
    { name: 'record', type: 'number', required: true },
    { name: 'revision', type: 'number', required: true },
  ],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => ({
    output: { outcome: await deliver(req, input as DeliveryInput) },
  }),
}

export const syncTask: TaskConfig = {
  slug: SYNC_TASK,
  label: 'Two-way sync of an integration',
  retries: 0, // the next scheduled sync is the retry: it starts from the stored cursor
  inputSchema: [{ name: 'integration', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => ({ output: { outcome: await runSync(req, (input as { integration: number }).integration) } }),
}
