import type { Endpoint } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { recordAsApi } from '../records'
import { resolveConflict } from '../sync/resolveConflict'
import { badRequest, jsonBody } from '../utilities/requests'
import { loadRecordForSite } from './loadForSite'

/**
 * `POST /api/publishing-records/:id/resolve` with `{ keep: 'local' | 'remote' }`: settles a
 * conflict. `local` delivers the local document over the remote copy (202, a delivery is queued);
 * `remote` writes the remote version into the local document without delivering it back (200).
 */
export const resolveConflictEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/resolve',
  method: 'post',
  handler: async (req) => {
    const record = await loadRecordForSite(req, options, {
      noun: 'Publishing record',
      forbidden: 'Only admins and editors of this site may resolve its conflicts.',
    })
    const { keep } = await jsonBody(req)
    if (keep !== 'local' && keep !== 'remote')
      throw badRequest('"keep" must be "local" or "remote".')
    if (record.status !== 'conflict')
      throw badRequest(`Only conflicts can be resolved; this record is ${record.status}.`)
    const outcome = await resolveConflict(req, record.id, keep)
    const updated = await recordAsApi(req, record.id)
    return Response.json(
      { record: updated, message: outcome.message },
      { status: outcome.queued ? 202 : 200 },
    )
  },
})
