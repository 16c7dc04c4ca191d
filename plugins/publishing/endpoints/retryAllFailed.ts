import type { Endpoint } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { INTEGRATIONS } from '../defaults'
import { failedRecordsOf } from '../records'
import { inTransaction } from '../utilities/inTransaction'
import { badRequest } from '../utilities/requests'
import { loadForSite } from './loadForSite'
import { requeueFailed } from './requeueFailed'

/**
 * `POST /api/integrations/:id/retry-failed`: queues every failed delivery of the integration
 * again, from attempt one, in one transaction, and answers 202 `{ retried, message }`.
 */
export const retryAllFailedEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/retry-failed',
  method: 'post',
  handler: async (req) => {
    const integration = await loadForSite(req, options, INTEGRATIONS, {
      noun: 'Integration',
      forbidden: 'Only admins and editors of this site may retry its deliveries.',
    })
    if (!integration.isActive) {
      throw badRequest(
        `Integration "${integration.name}" is inactive: activate it before retrying its deliveries.`,
      )
    }
    const retried = await inTransaction(req, async () => {
      const failed = await failedRecordsOf(req, integration.id)
      for (const record of failed) await requeueFailed(req, record)
      return failed.length
    })
    const message =
      retried === 0
        ? `"${integration.name}" has no failed deliveries.`
        : `${retried} failed ${retried === 1 ? 'delivery' : 'deliveries'} of "${integration.name}" queued again.`
    return Response.json({ retried, message }, { status: 202 })
  },
})
