import type { PayloadRequest } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { PublishableCollection } from '../types'

import { INTEGRATIONS, RULES } from '../defaults'
import { relatedId, relatedIds } from '../utilities/related'
import { resolveDestinations, type DestinationPlan, type RuleLike } from './resolveDestinations'

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
    req.payload.find({
      collection: RULES,
      where: { site: { equals: site }, enabled: { equals: true } },
      limit: 0,
      depth: 0,
      overrideAccess: true,
      req,
    }),
  ])
  const facts = {
    collection,
    categories: relatedIds(doc.categories),
    tags: relatedIds(doc.tags),
    template: doc.template ?? null,
  }
  const plans = resolveDestinations(
    facts,
    rules.docs as unknown as RuleLike[],
    integrations.docs.map((i) => i.id as number),
  )
  return { site, plans }
}
