import type { Payload, TypedUser } from 'payload'

import type { RuleLike } from '../../delivery/resolveDestinations'

import { relatedIds } from '../../delivery/planDeliveries'
import { resolveDestinations } from '../../delivery/resolveDestinations'
import { INTEGRATIONS, RECORDS, RULES } from '../../defaults'
import { unpublishConsequence } from '../describeRules'

export type RemovableDoc = { id: number; template?: string | null; categories?: (number | { id: number })[] | null; tags?: (number | { id: number })[] | null }

/**
 * For each document, what removing it does at each destination that holds a copy, as sentences
 * ("WordPress blog: the copy will be deleted"), from the site's rules' unpublish actions.
 */
export const removalConsequences = async (
  payload: Payload,
  user: TypedUser | null | undefined,
  site: number,
  collection: 'pages' | 'posts',
  docs: RemovableDoc[],
): Promise<Record<number, string[]>> => {
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0, limit: 0 } as const
  const [records, integrations, rules] = await Promise.all([
    payload.find({
      collection: RECORDS,
      where: { site: { equals: site }, documentCollection: { equals: collection }, status: { not_equals: 'unpublished' } },
      select: { documentId: true, integration: true },
      ...asUser,
    }),
    payload.find({ collection: INTEGRATIONS, where: { site: { equals: site } }, select: { name: true, isActive: true }, ...asUser }),
    payload.find({ collection: RULES, where: { site: { equals: site }, enabled: { equals: true } }, ...asUser }),
  ])
  const names = new Map(integrations.docs.map((i) => [i.id as number, String((i as { name?: string }).name)]))
  const active = integrations.docs.filter((i) => (i as { isActive?: boolean }).isActive !== false).map((i) => i.id as number)
  const result: Record<number, string[]> = {}
  for (const doc of docs) {
    const held = records.docs.filter((r) => Number((r as { documentId?: number }).documentId) === doc.id)
    const plans = resolveDestinations(
      { collection, template: doc.template ?? null, categories: relatedIds(doc.categories), tags: relatedIds(doc.tags) },
      rules.docs as unknown as RuleLike[],
      active,
    )
    result[doc.id] = held.map((record) => {
      const integration = Number((record as { integration?: number }).integration)
      const action = plans.find((p) => p.integration === integration)?.unpublishAction ?? 'unpublish'
      return `${names.get(integration) ?? `Destination #${integration}`}: ${unpublishConsequence(action)}`
    })
  }
  return result
}
