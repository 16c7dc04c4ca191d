import type { PayloadRequest, TaskConfig } from 'payload'

import type {
  BackfillInput,
  DeliveryInput,
  FanOutInput,
  SiteDeployInput,
  SyncInput,
} from '../queue'

import { BACKFILL_TASK, DELIVER_TASK, FANOUT_TASK, SITE_DEPLOY_TASK, SYNC_TASK } from '../defaults'
import { backfillStep } from '../delivery/backfill'
import { deliver } from '../delivery/deliver'
import { deploySiteJob } from '../delivery/deploySite'
import { fanOut } from '../delivery/fanOut'
import { runSync } from '../sync/runSync'

/*
 * The plugin's Payload job tasks. Registering a task is what lets `payload_jobs` hold its jobs
 * (`task_slug` is an enum of the registered slugs). Syncs are run by Payload's runner, under the
 * sync scheduler's advisory lock (runner/). Fan-outs and deliveries are not: see `deliveryTask`
 * and queue/index.ts.
 */

/**
 * One fan-out job's work, whoever runs it. Our runner (runner/runDeliveries.ts) claims fan-outs
 * with row locks, as it does deliveries, and calls this for each; the task's handler runs the same
 * code for the one case where Payload's runner would pick a fan-out up (every queue run by hand).
 */
export const runFanOutJob = (req: PayloadRequest, input: FanOutInput): Promise<string> =>
  fanOut(req, input)

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
  handler: async ({ input, req }) => ({
    output: { outcome: await runFanOutJob(req, input as unknown as FanOutInput) },
  }),
}

export const syncTask: TaskConfig = {
  slug: SYNC_TASK,
  label: 'Two-way sync of an integration',
  retries: 0, // the next scheduled sync is the retry: it starts from the stored cursor
  inputSchema: [{ name: 'integration', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => ({
    output: { outcome: await runSync(req, (input as SyncInput).integration) },
  }),
}

/**
 * One delivery job's work, whoever runs it: `deliver` the record's revision. Our runner
 * (runner/runDeliveries.ts) calls it for every job it claims and settles the job itself.
 */
export const runDeliveryJob = (req: PayloadRequest, input: DeliveryInput): Promise<string> =>
  deliver(req, input)

/**
 * One step of "publish everything" (delivery/backfill.ts), whoever runs it: our runner claims it
 * from the delivery queue with the deliveries' statement and lease.
 */
export const runBackfillStep = (req: PayloadRequest, input: BackfillInput): Promise<string> =>
  backfillStep(req, input)

/**
 * The delivery job type. Registered only so that `payload_jobs` can hold delivery jobs: the product
 * never runs them through Payload. Our runner claims them with row locks, renews their lease,
 * retries with backoff (`retries: 0` here: `deliver` queues its own retry) and deletes them when
 * done (queue/index.ts says why). The handler runs the same code as our runner, for the one case
 * where Payload's runner would pick a delivery up: someone running every queue by hand.
 */
export const deliveryTask: TaskConfig = {
  slug: DELIVER_TASK,
  label: 'Deliver to a destination (run by the publishing runner, not by Payload)',
  retries: 0,
  inputSchema: [
    { name: 'record', type: 'number', required: true },
    { name: 'revision', type: 'number', required: true },
    { name: 'bulk', type: 'number' },
  ],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => ({
    output: { outcome: await runDeliveryJob(req, input as DeliveryInput) },
  }),
}

/**
 * A step of "publish everything" (delivery/backfill.ts). Registered so that `payload_jobs` can hold
 * it; like deliveries, our runner claims, leases and settles it, never Payload's.
 */
export const backfillTask: TaskConfig = {
  slug: BACKFILL_TASK,
  label: 'Publish everything to a destination: one step (run by the publishing runner)',
  retries: 0,
  inputSchema: [
    { name: 'integration', type: 'number', required: true },
    { name: 'run', type: 'number', required: true },
    { name: 'cursor', type: 'json' },
  ],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => ({
    output: { outcome: await runBackfillStep(req, input as unknown as BackfillInput) },
  }),
}

/** A site-level delivery: one integration deploys its whole site (delivery/deploySite.ts). */
export const runSiteDeployJob = (req: PayloadRequest, input: SiteDeployInput): Promise<string> =>
  deploySiteJob(req, input)

/**
 * A site-level delivery (the site's settings changed). Registered so that `payload_jobs` can hold
 * it; like deliveries, our runner claims, leases and settles it, never Payload's.
 */
export const siteDeployTask: TaskConfig = {
  slug: SITE_DEPLOY_TASK,
  label: 'Deploy a whole site to a destination that renders sites (run by the publishing runner)',
  retries: 0,
  inputSchema: [{ name: 'integration', type: 'number', required: true }],
  outputSchema: [{ name: 'outcome', type: 'text' }],
  handler: async ({ input, req }) => ({
    output: { outcome: await runSiteDeployJob(req, input as unknown as SiteDeployInput) },
  }),
}
