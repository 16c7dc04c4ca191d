import type { Endpoint } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { INTEGRATIONS } from '../defaults'
import { toPublishingError } from '../errors'
import { adapterContext, IntegrationUnusableError } from '../integrations/adapterContext'
import { loadForSite } from './loadForSite'

/**
 * `POST /api/integrations/:id/test-connection`: asks the destination whether the integration
 * works. A remote failure is `ok: false` with a message that says what to fix, never a 500.
 */
export const testConnectionEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/test-connection',
  method: 'post',
  handler: async (req) => {
    const integration = await loadForSite(req, options, INTEGRATIONS, {
      noun: 'Integration',
      forbidden: 'Only admins and editors of this site may test its integrations.',
    })
    try {
      const { adapter, context } = await adapterContext(req.payload, req, integration.id)
      return Response.json(await adapter.testConnection(context))
    } catch (error) {
      const message =
        error instanceof IntegrationUnusableError
          ? error.message
          : toPublishingError(error, 'Connecting').message
      return Response.json({ ok: false, message })
    }
  },
})
