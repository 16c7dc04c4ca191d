import type { PayloadRequest } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { PublishableCollection } from '../types'

import { INTEGRATIONS, RULES } from '../defaults'
import { relatedId, relatedIds } from '../utilities/related'
import {
  resolveDestinations,
  type DestinationPlan,
  type DocumentFacts,
  type RuleLike,
} from './resolveDestinations'

/** The enabled rules of `site`. */
export const enabledRules = async (req: PayloadRequest, site: number): Promise<RuleLike[]> =>
  (
    await req.payload.find({
      collection: RULES,
      where: { site: { equals: site }, enabled: { equals: true } },
      limit: 0,
      depth: 0,
      overrideAccess: true,
      req,
    })
  ).docs as unknown as RuleLike[]

/** What the rules look at in a document. */
export const documentFacts = (
  collection: PublishableCollection,
  doc: PublishableDoc,
): DocumentFacts => ({
  collection,
  categories: relatedIds(doc.categories),
  tags: relatedIds(doc.tags),
  template: doc.template ?? null,
})

/** Where a document goes, according to its site's rules and active integrations. */
export const planDeliveries = async (
  req: PayloadRequest,
  collection: PublishableCollection,
  doc: PublishableDoc,
): Promise<{ site: number; plans: DestinationPlan[] } | null> => {
  const site = relatedId(doc.site)
  if (site === null) return null
  const [integrations, rules] = await Promise.all([
    req.payload.find({
      collection: INTEGRATIONS,
      where: { site: { equals: site }, isActive: { equals: true } },
      select: { name: true },
      limit: 0,
      depth: 0,
      overrideAccess: true,
      req,
    }),
    enabledRules(req, site),
  ])
  const plans = resolveDestinations(
    documentFacts(collection, doc),
    rules,
    integrations.docs.map((i) => i.id as number),
  )
  return { site, plans }
}
