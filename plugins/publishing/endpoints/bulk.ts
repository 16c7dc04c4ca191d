import type { Endpoint } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { inTransaction } from '../utilities/inTransaction'
import { badRequest } from '../utilities/requests'
import { describeGroup, runBulkGroup } from './bulkActions'
import { planBulk, strayDestinations } from './bulkPlan'
import { readBulkRequest } from './bulkRequest'

/**
 * `POST /api/publishing/bulk` with `{ collection, ids, action: 'publish' | 'unpublish' | 'retry',
 * integrations, preview? }`: the list views' bulk actions. Every document is checked first (it
 * exists, the user works on its site, it is published when the action is publish); if any is
 * refused, nothing is done and the answer lists each refused id with its reason. Each document
 * goes only to the chosen destinations of its own site. `preview: true` answers, per site, the
 * destinations on offer and what the action would do, and changes nothing (200); otherwise 202
 * `{ message, changed, sites }`.
 */
export const bulkEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/publishing/bulk',
  method: 'post',
  handler: async (req) => {
    if (!req.user)
      return Response.json({ errors: [{ message: 'Sign in first.' }] }, { status: 401 })
    const request = await readBulkRequest(req, options)
    const plan = await planBulk(req, options, request)
    const sites = plan.groups.map((group) => ({
      site: group.site,
      name: group.name,
      documents: group.documents.map((doc) => doc.id),
      destinations: group.destinations,
      chosen: group.chosen,
      summary: describeGroup(request, group),
    }))
    if (request.preview) return Response.json({ sites, refused: plan.refused })
    if (plan.refused.length) {
      const forbidden = plan.refused.some((refusal) => refusal.forbidden)
      const listed = plan.refused.map((r) => `${r.id} ${r.reason}`).join('; ')
      return Response.json(
        {
          errors: [
            {
              message: `Nothing was done; ${plan.refused.length} of the documents cannot be: ${listed}.`,
            },
          ],
          refused: plan.refused.map(({ id, reason }) => ({ id, reason })),
        },
        { status: forbidden ? 403 : 400 },
      )
    }
    const stray = strayDestinations(request, plan)
    if (stray.length)
      throw badRequest(`Not active destinations of these documents' sites: ${stray.join(', ')}.`)
    const changed = await inTransaction(req, async () => {
      let total = 0
      for (const group of plan.groups) total += await runBulkGroup(req, request, group)
      return total
    })
    const message = `${changed} ${changed === 1 ? 'delivery' : 'deliveries'} queued or recorded. ${sites.map((s) => s.summary).join(' ')}`
    return Response.json({ message, changed, sites }, { status: 202 })
  },
})
