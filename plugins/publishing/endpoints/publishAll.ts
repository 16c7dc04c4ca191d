import type { Endpoint, PayloadRequest } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { INTEGRATIONS } from '../defaults'
import { cancelBackfill, previewBackfill, startBackfill } from '../delivery/backfill'
import { countRecordsOf } from '../records'
import { loadForSite } from './loadForSite'

const texts = {
  noun: 'Integration',
  forbidden: 'Only admins and editors of this site may publish everything to its integrations.',
}

const load = (req: PayloadRequest, options: ResolvedPublishingOptions) =>
  loadForSite(req, options, INTEGRATIONS, texts)

/**
 * `GET /api/integrations/:id/publish-all`: what "publish everything" would deliver (`documents`),
 * how many copies the destination holds already (`copies`) and where the integration's run stands
 * (`bulk`), for the admin's offer, confirmation and progress bar.
 */
export const publishAllPreviewEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/publish-all',
  method: 'get',
  handler: async (req) => {
    const integration = await load(req, options)
    const bulk = integration.bulk ?? null
    // The panel polls this while a run goes on: the run's own total then, not a new count of the
    // site's documents (which reads every published document when the site has rules).
    const running = bulk?.status === 'running' || bulk?.status === 'cancelling'
    const [documents, { copies }] = await Promise.all([
      running && typeof bulk.total === 'number'
        ? bulk.total
        : previewBackfill(req, { id: integration.id, site: Number(integration.site) }),
      countRecordsOf(req, integration.id),
    ])
    return Response.json({ documents, copies, bulk })
  },
})

/**
 * `POST /api/integrations/:id/publish-all`: starts delivering every published document of the
 * integration's site that its rules send there (delivery/backfill.ts). 202 `{ jobId, total,
 * message }`; 409 while a run goes on; 400 for an inactive integration.
 */
export const publishAllEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/publish-all',
  method: 'post',
  handler: async (req) => {
    const integration = await load(req, options)
    const { jobId, total, name } = await startBackfill(req, integration.id)
    return Response.json(
      {
        jobId,
        total,
        message: `Publishing ${total} document${total === 1 ? '' : 's'} to "${name}".`,
      },
      { status: 202 },
    )
  },
})

/**
 * `POST /api/integrations/:id/publish-all/cancel`: stops the running "publish everything" of the
 * integration; deliveries already started finish. 202 `{ dropped, message }`; 409 when none runs.
 */
export const cancelPublishAllEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/:id/publish-all/cancel',
  method: 'post',
  handler: async (req) => {
    const integration = await load(req, options)
    const { name, dropped } = await cancelBackfill(req, integration.id)
    return Response.json(
      {
        dropped,
        message: `Cancelling "publish everything" for "${name}": ${dropped} waiting deliver${dropped === 1 ? 'y' : 'ies'} dropped; those already started finish.`,
      },
      { status: 202 },
    )
  },
})
