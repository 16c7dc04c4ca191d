import type { PayloadRequest } from 'payload'
import type pg from 'pg'

import type { ClaimedJob } from './deliveryJobs'
import type { SiteDeployInput } from './types'

import { DELIVERY_QUEUE, SITE_DEPLOY_TASK } from '../defaults'
import { bulkInsert } from '../utilities/bulkInsert'
import { claimDueJobs } from './deliveryJobs'
import { JOBS_TABLE } from './jobLease'

/**
 * Queues site-level deliveries (delivery/deploySite.ts), one per integration, in `req`'s
 * transaction: the site's save and its deploys commit or fail together.
 */
export const insertSiteDeployJobs = async (
  req: PayloadRequest,
  integrations: number[],
): Promise<void> => {
  if (!integrations.length) return
  const now = new Date().toISOString()
  await bulkInsert(
    req,
    JOBS_TABLE,
    integrations.map((integration) => ({
      input: { integration } satisfies SiteDeployInput,
      taskSlug: SITE_DEPLOY_TASK,
      queue: DELIVERY_QUEUE,
      createdAt: now,
      updatedAt: now,
    })),
  )
}

/** Claims due site-level deliveries with row locks, like deliveries (`claimDueJobs`). */
export const claimDueSiteDeploys = (
  client: pg.PoolClient,
  limit: number,
): Promise<ClaimedJob<SiteDeployInput>[]> =>
  claimDueJobs<SiteDeployInput>(client, { queue: DELIVERY_QUEUE, task: SITE_DEPLOY_TASK }, limit)
