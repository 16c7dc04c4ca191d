import type { PayloadRequest } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { ResolvedPublishingOptions } from '../options'
import type { RuleLike } from '../rules/resolveDestinations'
import type { BulkRequest } from './bulkRequest'

import { canWorkOnSite } from '../access'
import { INTEGRATIONS, RULES } from '../defaults'
import { relatedId } from '../utilities/related'

/** A document a bulk action will not touch, and why. */
export type Refusal = { id: string; reason: string; forbidden?: boolean }

/** One site of the selection: its documents, its active destinations, which of them were chosen. */
export type SiteGroup = {
  site: number
  name: string
  documents: PublishableDoc[]
  destinations: { id: number; name: string }[]
  chosen: number[]
  rules: RuleLike[]
}

export type BulkPlan = { groups: SiteGroup[]; refused: Refusal[] }

/**
 * Reads the selected documents and the destinations of their sites, and says which documents the
 * user may not act on (missing, another site's, a draft to publish). Changes nothing.
 */
export const planBulk = async (
  req: PayloadRequest,
  options: ResolvedPublishingOptions,
  request: BulkRequest,
): Promise<BulkPlan> => {
  const { payload } = req
  const refused: Refusal[] = request.missing.map((id) => ({ id, reason: 'does not exist' }))
  const { docs } = await payload.find({
    collection: request.collection,
    where: { id: { in: request.ids } },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const found = new Map((docs as unknown as PublishableDoc[]).map((doc) => [doc.id, doc]))
  const bySite = new Map<number, PublishableDoc[]>()
  for (const id of request.ids) {
    const doc = found.get(id)
    const site = doc ? relatedId(doc.site) : null
    if (!doc) refused.push({ id: String(id), reason: 'does not exist' })
    else if (site === null || !canWorkOnSite(options.access, req.user, site))
      refused.push({
        id: String(id),
        reason: 'belongs to a site you do not work on',
        forbidden: true,
      })
    else if (request.action === 'publish' && doc._status !== 'published')
      refused.push({ id: String(id), reason: 'is not published: publish it first' })
    else bySite.set(site, [...(bySite.get(site) ?? []), doc])
  }
  const sites = [...bySite.keys()]
  if (!sites.length) return { groups: [], refused }
  const read = { depth: 0, limit: 0, pagination: false, overrideAccess: true, req } as const
  const [siteDocs, integrations, rules] = await Promise.all([
    payload.find({ collection: 'sites', where: { id: { in: sites } }, ...read }),
    payload.find({
      collection: INTEGRATIONS,
      where: { site: { in: sites }, isActive: { equals: true } },
      sort: 'id',
      ...read,
    }),
    payload.find({
      collection: RULES,
      where: { site: { in: sites }, enabled: { equals: true } },
      ...read,
    }),
  ])
  const groups = sites.map((site): SiteGroup => {
    const destinations = integrations.docs
      .filter((i) => Number(i.site) === site)
      .map((i) => ({ id: i.id as number, name: String(i.name) }))
    return {
      site,
      name: String(siteDocs.docs.find((s) => s.id === site)?.name ?? `Site ${site}`),
      documents: bySite.get(site)!,
      destinations,
      chosen: destinations.map((d) => d.id).filter((id) => request.integrations.includes(id)),
      rules: (rules.docs as unknown as (RuleLike & { site: unknown })[]).filter(
        (rule) => Number(rule.site) === site,
      ),
    }
  })
  return { groups, refused }
}

/** The chosen integrations that are not an active destination of any selected document's site. */
export const strayDestinations = (request: BulkRequest, plan: BulkPlan): number[] => {
  const offered = new Set(plan.groups.flatMap((g) => g.destinations.map((d) => d.id)))
  return request.integrations.filter((id) => !offered.has(id))
}
