import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { inTransaction } from '../utilities/inTransaction'
import { loadRecordForSite } from './loadForSite'
import { requeueFailed } from './requeueFailed'

/** `POST /api/publishing-records/:id/retry`: queues a failed delivery again, from attempt one. */
export const retryRecordEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/retry',
  method: 'post',
  handler: async (req) => {
    const record = await loadRecordForSite(req, options, {
      noun: 'Publishing record',
      forbidden: 'Only admins and editors of this site may retry its deliveries.',
    })
    if (record.status !== 'failed') {
      throw new APIError(
        `Only failed deliveries can be retried; this one is ${record.status}.`,
        409,
        undefined,
        true,
      )
    }
    const queued = await inTransaction(req, () => requeueFailed(req, record))
    return Response.json({ record: queued }, { status: 202 })
  },
})
