import type { Endpoint } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { INTEGRATIONS, RECORDS } from '../defaults'
import { loadForSite } from './loadForSite'

/** What deleting a destination does to the copies it delivered, in the words the admin sees. */
export const copiesAfterDelete = (name: string, copies: number): string =>
  copies === 0
    ? `Integration "${name}" deleted. It had delivered nothing.`
    : `Integration "${name}" deleted with its ${copies} publishing record${copies === 1 ? '' : 's'}. ` +
      `The ${copies === 1 ? 'copy' : `${copies} copies`} it delivered stay at the destination as they are: ` +
      'Syndicate no longer updates or removes them.'

/**
 * `DELETE /api/integrations/:id`, ahead of Payload's own: the same delete (access, hooks, one
 * transaction), answered with what happens to the remote copies. The database deletes the
 * destination's records with it (ON DELETE CASCADE); queued deliveries for them then find no
 * record and do nothing.
 */
export const deleteIntegrationEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id',
  method: 'delete',
  handler: async (req) => {
    const integration = await loadForSite(req, options, INTEGRATIONS, {
      noun: 'Integration',
      forbidden: 'Only admins may delete integrations.',
    })
    const { totalDocs: copies } = await req.payload.count({
      collection: RECORDS,
      where: { integration: { equals: integration.id }, remoteId: { exists: true } },
      overrideAccess: true,
      req,
    })
    const doc = await req.payload.delete({ collection: INTEGRATIONS, id: integration.id, overrideAccess: false, user: req.user, req })
    return Response.json({ doc, message: copiesAfterDelete(integration.name, copies) })
  },
})
