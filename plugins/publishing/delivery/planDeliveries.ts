import type { PayloadRequest } from 'payload'

import { INTEGRATIONS, RULES } from '../defaults'
import { resolveDestinations, type DestinationPlan, type RuleLike } from './resolveDestinations'

export type Related = number | { id: number } | null | undefined
export type PublishableDoc = {
  id: number
  site?: Related
  title?: string | null
  slug?: string | null
  template?: string | null
  categories?: Related[] | null
  tags?: Related[] | null
  _status?: string | null
}

export const relatedId = (value: Related): number | null =>
  typeof value === 'number' ? value : value && typeof value === 'object' ? value.id : null

/** The ids of a relationship list (ids or populated documents), empty for none. */
export const relatedIds = (values: readonly Related[] | null | undefined): number[] =>
  (values ?? []).map(relatedId).filter((id): id is number => id !== null)

/** Where a document goes, according to its site's rules and active integrations. */
export const planDeliveries = async (
  req: PayloadRequest,
  collection: 'pages' | 'posts',
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
