/**
 * Publishing rules and their consequences in sentences an admin understands at a glance. Pure:
 * the callers load the rules, integrations and term names.
 */
import type { CollectionTraits } from '../publishable'
import type { RuleLike } from '../rules/resolveDestinations'
import type { UnpublishAction } from '../types'

import { relatedIds } from '../utilities/related'

export type RuleSummary = {
  id: number
  name: string
  enabled: boolean
  content: string
  conditions: string
  destinations: string
  when: string
  remote: string
  onUnpublish: string
}

const names = (list: number[], known: Map<number, string>): string =>
  list.map((id) => known.get(id) ?? `#${id}`).join(', ')

/** What happens to a remote copy when its document is unpublished or deleted. */
export const unpublishConsequence = (action: UnpublishAction): string =>
  action === 'delete'
    ? 'the copy will be deleted'
    : action === 'keep'
      ? 'the copy will be kept as it is'
      : 'the copy will be unpublished'

export const describeRule = (
  rule: RuleLike & { name?: string | null },
  lookups: {
    /** The collections the plugin publishes (what an empty rule sends), as it read them. */
    collections: Pick<CollectionTraits, 'slug' | 'plural' | 'template'>[]
    destinations: Map<number, string>
    categories: Map<number, string>
    tags: Map<number, string>
  },
): RuleSummary => {
  const collections = rule.collections?.length
    ? rule.collections
    : lookups.collections.map((c) => c.slug as string)
  const plural = (slug: string) => lookups.collections.find((c) => c.slug === slug)?.plural ?? slug
  const templated = lookups.collections.filter((c) => c.template).map((c) => c.plural.toLowerCase())
  const conditions: string[] = []
  const categories = relatedIds(rule.categories)
  const tags = relatedIds(rule.tags)
  if (categories.length) conditions.push(`in category ${names(categories, lookups.categories)}`)
  if (tags.length) conditions.push(`tagged ${names(tags, lookups.tags)}`)
  if (rule.templates?.length)
    conditions.push(
      `${templated.join(' and ') || 'documents'} with template ${rule.templates.join(', ')}`,
    )
  const destinations = relatedIds(rule.destinations)
  return {
    id: rule.id,
    name: rule.name ?? `Rule ${rule.id}`,
    enabled: rule.enabled !== false,
    content: collections.map(plural).join(' and '),
    conditions: conditions.length ? `Any of: ${conditions.join('; ')}` : 'All of them',
    destinations: destinations.length
      ? names(destinations, lookups.destinations)
      : 'No destination',
    when: rule.trigger === 'manual' ? 'Only when someone clicks "Publish now"' : 'When published',
    remote: rule.remoteStatus === 'draft' ? 'as a draft' : 'live',
    onUnpublish: unpublishConsequence(rule.unpublishAction ?? 'unpublish'),
  }
}

/** What a site without enabled rules does, given the plural labels of the collections the plugin publishes. */
export const defaultRuleSentence = (plurals: string[]): string =>
  `No rules are enabled: everything published (${plurals.map((p) => p.toLowerCase()).join(' and ')}) goes live to every active destination of the site, and unpublishing unpublishes the copies.`
