import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { canWorkOnSite } from '../access'
import { enqueueDelivery } from '../delivery/enqueueDelivery'
import { RECORDS } from '../defaults'
import { inTransaction } from '../delivery/inTransaction'
import { numericParam } from './params'

/** `POST /api/publishing-records/:id/retry`: queues a failed delivery again, from attempt one. */
export const retryRecordEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/retry',
  method: 'post',
  handler: async (req) => {
    const id = numericParam(req, 'id')
    const record = await req.payload.findByID({ collection: RECORDS, id, depth: 0, overrideAccess: true, req, disableErrors: true })
    if (!record) throw new APIError(`Publishing record ${id} does not exist.`, 404, undefined, true)
    if (!canWorkOnSite(options.access, req.user, Number(record.site))) {
      throw new APIError('Only admins and editors of this site may retry its deliveries.', 403, undefined, true)
    }
    if (record.status !== 'failed') {
      throw new APIError(`Only failed deliveries can be retried; this one is ${record.status}.`, 409, undefined, true)
    }
    const queued = await inTransaction(req, () =>
      enqueueDelivery({
      req,
      collection: record.documentCollection as 'pages' | 'posts',
      doc: { id: Number(record.documentId), title: record.documentTitle, slug: record.documentSlug },
      site: Number(record.site),
      integration: Number(record.integration),
      action: (record.pending?.action ?? 'publish') as 'publish',
      remoteStatus: (record.pending?.remoteStatus ?? 'publish') as 'publish',
      }),
    )
    return Response.json({ record: queued }, { status: 202 })
  },
})
