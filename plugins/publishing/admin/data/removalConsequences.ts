import type { Payload, TypedUser } from 'payload'

import type { RuleLike } from '../../rules/resolveDestinations'
import type { PublishableCollection } from '../../types'

import { INTEGRATIONS, RECORDS, RULES } from '../../defaults'
import { resolveDestinations } from '../../rules/resolveDestinations'
import { relatedIds } from '../../utilities/related'
import { unpublishConsequence } from '../describeRules'

/** A site's integrations and rules (all of them, depth 0), for a caller that has read them already. */
export type SiteSetup = {
  integrations: { id: number; name?: string | null; isActive?: boolean | null }[]
  rules: RuleLike[]
}

export type RemovableDoc = {
  id: number
  template?: string | null
  categories?: (number | { id: number })[] | null
  tags?: (number | { id: number })[] | null
}

/**
 * For each document, what removing it does at each destination that holds a copy, as sentences
 * ("WordPress blog: the copy will be deleted"), from the site's rules' unpublish actions.
 */
export const removalConsequences = async (
  payload: Payload,
  user: TypedUser | null | undefined,
  site: number,
  collection: PublishableCollection,
  docs: RemovableDoc[],
  setup?: SiteSetup,
): Promise<Record<number, string[]>> => {
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0, limit: 0 } as const
  const [records, integrations, rules] = await Promise.all([
    payload.find({
      collection: RECORDS,
      where: {
        site: { equals: site },
        documentCollection: { equals: collection },
        status: { not_equals: 'unpublished' },
      },
      select: { documentId: true, integration: true },
      ...asUser,
    }),
    setup?.integrations ??
      payload
        .find({
          collection: INTEGRATIONS,
          where: { site: { equals: site } },
          select: { name: true, isActive: true },
          ...asUser,
        })
        .then((found) => found.docs as unknown as SiteSetup['integrations']),
    setup
      ? setup.rules.filter((rule) => rule.enabled === true)
      : payload
          .find({
            collection: RULES,
            where: { site: { equals: site }, enabled: { equals: true } },
            ...asUser,
          })
          .then((found) => found.docs as unknown as RuleLike[]),
  ])
  const names = new Map(integrations.map((i) => [i.id, String(i.name)]))
  const active = integrations.filter((i) => i.isActive !== false).map((i) => i.id)
  // Each document's copies, grouped once rather than scanned for every document.
  const held = new Map<number, { integration?: number }[]>()
  for (const record of records.docs as unknown as { documentId?: number; integration?: number }[]) {
    const id = Number(record.documentId)
    const list = held.get(id)
    if (list) list.push(record)
    else held.set(id, [record])
  }
  const result: Record<number, string[]> = {}
  for (const doc of docs) {
    const plans = resolveDestinations(
      {
        collection,
        template: doc.template ?? null,
        categories: relatedIds(doc.categories),
        tags: relatedIds(doc.tags),
      },
      rules,
      active,
    )
    result[doc.id] = (held.get(doc.id) ?? []).map((record) => {
      const integration = Number((record as { integration?: number }).integration)
      const action =
        plans.find((p) => p.integration === integration)?.unpublishAction ?? 'unpublish'
      return `${names.get(integration) ?? `Destination #${integration}`}: ${unpublishConsequence(action)}`
    })
  }
  return result
}
