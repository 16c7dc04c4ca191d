import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { canWorkOnSite } from '../access'
import { adapterContext, IntegrationUnusableError } from '../delivery/adapterContext'
import { INTEGRATIONS } from '../defaults'
import { toPublishingError } from '../errors'
import { numericParam } from './params'

/**
 * `POST /api/integrations/:id/test-connection`: asks the destination whether the integration
 * works. A remote failure is `ok: false` with a message that says what to fix, never a 500.
 */
export const testConnectionEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/test-connection',
  method: 'post',
  handler: async (req) => {
    const id = numericParam(req, 'id')
    const integration = await req.payload.findByID({ collection: INTEGRATIONS, id, depth: 0, overrideAccess: true, req, disableErrors: true })
    if (!integration) throw new APIError(`Integration ${id} does not exist.`, 404, undefined, true)
    if (!canWorkOnSite(options.access, req.user, Number(integration.site))) {
      throw new APIError('Only admins and editors of this site may test its integrations.', 403, undefined, true)
    }
    try {
      const { adapter, context } = await adapterContext(req.payload, req, id)
      return Response.json(await adapter.testConnection(context))
    } catch (error) {
      const message = error instanceof IntegrationUnusableError ? error.message : toPublishingError(error, 'Connecting').message
      return Response.json({ ok: false, message })
    }
  },
})
