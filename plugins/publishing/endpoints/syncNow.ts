import type { Endpoint } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { INTEGRATIONS } from '../defaults'
import { queueSync } from '../queue'
import { adapterFor } from '../registry'
import { badRequest } from '../utilities/requests'
import { loadForSite } from './loadForSite'

/**
 * `POST /api/integrations/:id/sync`: queues a two-way sync of the integration now (the scheduler's
 * runner carries it out) and answers 202 `{ jobId, message }`. A sync already queued or running
 * is not queued twice: its job is answered.
 */
export const syncNowEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/sync',
  method: 'post',
  handler: async (req) => {
    const integration = await loadForSite(req, options, INTEGRATIONS, {
      noun: 'Integration',
      forbidden: 'Only admins and editors of this site may sync its integrations.',
    })
    if (!integration.isActive)
      throw badRequest(`Integration "${integration.name}" is inactive: activate it before syncing.`)
    const adapter = adapterFor(req.payload, integration.platform)
    if (!adapter?.capabilities.pull || !adapter.listChanges) {
      throw badRequest(
        `Integration "${integration.name}" cannot sync: its platform "${integration.platform}" cannot pull remote changes.`,
      )
    }
    const { jobId, queued } = await queueSync(req.payload, integration.id, req)
    const message = queued
      ? `Sync of "${integration.name}" queued.`
      : `A sync of "${integration.name}" is already queued or running.`
    return Response.json({ jobId, message }, { status: 202 })
  },
})
