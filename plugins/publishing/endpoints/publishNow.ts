import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { ResolvedPublishingOptions } from '../options'
import type { PublishableCollection } from '../types'

import { canWorkOnSite } from '../access'
import { INTEGRATIONS } from '../defaults'
import { enqueueDeliveries } from '../queue'
import { recordTrigger, type QueuedRecord } from '../records'
import { planDeliveries } from '../rules/planDeliveries'
import { inTransaction } from '../utilities/inTransaction'
import { relatedId } from '../utilities/related'
import { badRequest, jsonBody, parseId } from '../utilities/requests'

/** The `integrations` list of the body: absent, or ids (an id past 32 bits cannot be active). */
const integrationIds = (value: unknown): number[] | undefined => {
  if (value === undefined) return undefined
  const parsed = Array.isArray(value) ? value.map(parseId) : null
  if (!parsed || parsed.some((p) => 'problem' in p && p.problem === 'malformed')) {
    throw badRequest('"integrations", when given, must be a list of integration ids.')
  }
  const outOfRange = (value as unknown[]).filter((_, i) => !('id' in parsed[i]))
  if (outOfRange.length)
    throw badRequest(`Not active integrations of this site: ${outOfRange.join(', ')}.`)
  return parsed.flatMap((p) => ('id' in p ? [p.id] : []))
}

/**
 * `POST /api/publishing/publish` with `{ collection, id, integrations? }`: delivers a published
 * document now, to every destination its rules name (manual rules included) or to the active
 * integrations of its site listed in `integrations`. Answers 202 with the queued records.
 */
export const publishNowEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/publishing/publish',
  method: 'post',
  handler: async (req) => {
    const body = await jsonBody(req)
    const collection = body.collection
    if (
      typeof collection !== 'string' ||
      !options.collections.includes(collection as PublishableCollection)
    ) {
      throw badRequest(`"collection" must be one of: ${options.collections.join(', ')}.`)
    }
    const slug = collection as PublishableCollection
    const parsed = parseId(body.id)
    if ('problem' in parsed && parsed.problem === 'malformed')
      throw badRequest('"id" must be the numeric id of the document.')
    if (!('id' in parsed))
      throw new APIError(`There is no ${slug} with id ${String(body.id)}.`, 404, undefined, true)
    const id = parsed.id
    const named = integrationIds(body.integrations)
    const doc = (await req.payload.findByID({
      collection: slug,
      id,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
    })) as PublishableDoc | null
    if (!doc) throw new APIError(`There is no ${slug} with id ${id}.`, 404, undefined, true)
    const site = relatedId(doc.site)
    if (site === null || !canWorkOnSite(options.access, req.user, site)) {
      throw new APIError(
        'Only admins and editors of this site may publish its content.',
        403,
        undefined,
        true,
      )
    }
    if (doc._status !== 'published')
      throw badRequest('Only published documents can be delivered: publish it first.')

    const planned = (await planDeliveries(req, slug, doc))?.plans ?? []
    let targets = planned.map((p) => ({ integration: p.integration, remoteStatus: p.remoteStatus }))
    if (named) {
      const { docs } = await req.payload.find({
        collection: INTEGRATIONS,
        where: { site: { equals: site }, isActive: { equals: true }, id: { in: named } },
        select: { name: true },
        limit: 0,
        depth: 0,
        overrideAccess: true,
        req,
      })
      const active = new Set(docs.map((d) => d.id as number))
      const unknown = named.filter((n) => !active.has(n))
      if (unknown.length)
        throw badRequest(`Not active integrations of this site: ${unknown.join(', ')}.`)
      targets = named.map((integration) => ({
        integration,
        remoteStatus: planned.find((p) => p.integration === integration)?.remoteStatus ?? 'publish',
      }))
    }

    const records = await inTransaction(req, async () => {
      const queued = await enqueueDeliveries(
        { req, collection: slug, doc, site },
        targets.map((target) => ({ ...target, action: 'publish' as const })),
      )
      for (const record of queued) await recordTrigger(req, record)
      return queued.filter((record): record is QueuedRecord => record !== null)
    })
    return Response.json({ records }, { status: 202 })
  },
})
