import type { Endpoint } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { INTEGRATIONS } from '../defaults'
import { countRecordsOf } from '../records'
import { loadForSite } from './loadForSite'

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

/** What deleting a destination did to its records and does to the copies it delivered, in words. */
export const copiesAfterDelete = (name: string, records: number, copies: number): string => {
  const deleted = records
    ? `Integration "${name}" deleted with its ${plural(records, 'publishing record', 'publishing records')}.`
    : `Integration "${name}" deleted.`
  if (!copies) return `${deleted} It had delivered no copies.`
  return `${deleted} The ${plural(copies, 'copy', 'copies')} it delivered stay at the destination as they are: Syndicate no longer updates or removes them.`
}

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
    const { records, copies } = await countRecordsOf(req, integration.id)
    const doc = await req.payload.delete({
      collection: INTEGRATIONS,
      id: integration.id,
      overrideAccess: false,
      user: req.user,
      req,
    })
    return Response.json({ doc, message: copiesAfterDelete(integration.name, records, copies) })
  },
})
