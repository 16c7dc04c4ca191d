import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { ResolvedPublishingOptions } from '../options'
import type { PublishableCollection } from '../types'

import { canWorkOnSite } from '../access'
import { INTEGRATIONS, SCHEDULE_PUBLISH_TASK } from '../defaults'
import { liveRecordsOfDocument } from '../records'
import { planDeliveries } from '../rules/planDeliveries'
import { relatedId } from '../utilities/related'
import { badRequest, parseId } from '../utilities/requests'

type Scheduled = { type: 'publish' | 'unpublish'; at: string; destinations: string[] }

/**
 * `GET /api/publishing/scheduled?collection=posts&id=12`: the document's upcoming scheduled
 * publishes and unpublishes (Payload's `schedulePublish` jobs), each with the destinations it
 * will reach as things stand: where the rules send it, or where its copies are.
 */
export const scheduledEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/publishing/scheduled',
  method: 'get',
  handler: async (req) => {
    const collection = String(req.searchParams.get('collection'))
    if (!options.collections.includes(collection as PublishableCollection))
      throw badRequest(`"collection" must be one of: ${options.collections.join(', ')}.`)
    const slug = collection as PublishableCollection
    const parsed = parseId(req.searchParams.get('id'))
    if (!('id' in parsed)) throw badRequest('"id" must be the numeric id of the document.')
    const doc = (await req.payload.findByID({
      collection: slug,
      id: parsed.id,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      req,
    })) as PublishableDoc | null
    const site = doc ? relatedId(doc.site) : null
    if (!doc || site === null || !canWorkOnSite(options.access, req.user, site))
      throw new APIError(
        `There is no ${slug} with id ${parsed.id} you may see.`,
        404,
        undefined,
        true,
      )
    const { docs: jobs } = await req.payload.find({
      collection: 'payload-jobs',
      where: {
        taskSlug: { equals: SCHEDULE_PUBLISH_TASK },
        waitUntil: { greater_than: new Date().toISOString() },
        'input.doc.relationTo': { equals: slug },
        'input.doc.value': { equals: String(doc.id) },
      },
      sort: 'waitUntil',
      depth: 0,
      limit: 20,
      overrideAccess: true,
      req,
    })
    if (!jobs.length) return Response.json({ scheduled: [] })
    const planned = (await planDeliveries(req, slug, doc))?.plans ?? []
    const publishTo = planned.filter((p) => p.trigger === 'onPublish').map((p) => p.integration)
    const removeFrom = (await liveRecordsOfDocument(req, slug, doc.id)).map((r) => r.integration)
    const { docs: names } = await req.payload.find({
      collection: INTEGRATIONS,
      where: { id: { in: [...publishTo, ...removeFrom] } },
      select: { name: true },
      depth: 0,
      limit: 0,
      overrideAccess: true,
      req,
    })
    const named = (ids: number[]) =>
      ids.map((id) => String(names.find((n) => n.id === id)?.name ?? `#${id}`))
    const scheduled = jobs.map((job): Scheduled => {
      const type =
        (job.input as { type?: string } | null)?.type === 'unpublish' ? 'unpublish' : 'publish'
      return {
        type,
        at: String(job.waitUntil),
        destinations: named(type === 'publish' ? publishTo : removeFrom),
      }
    })
    return Response.json({ scheduled })
  },
})
