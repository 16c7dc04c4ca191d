import type { UnpublishAction } from '../types'

import { relatedIds } from '../utilities/related'

/** What a rule (or the no-rule default) says about one destination. */
export type DestinationPlan = {
  integration: number
  remoteStatus: 'publish' | 'draft'
  unpublishAction: UnpublishAction
  trigger: 'onPublish' | 'manual'
  /** The rule that chose it; null for the site's default (no rules). */
  rule: number | null
}

export type RuleLike = {
  id: number
  enabled?: boolean | null
  collections?: string[] | null
  categories?: (number | { id: number })[] | null
  tags?: (number | { id: number })[] | null
  templates?: string[] | null
  destinations?: (number | { id: number })[] | null
  trigger?: 'onPublish' | 'manual' | null
  remoteStatus?: 'publish' | 'draft' | null
  unpublishAction?: UnpublishAction | null
}

export type DocumentFacts = {
  collection: string
  categories: number[]
  tags: number[]
  template: string | null
}

const matches = (rule: RuleLike, doc: DocumentFacts): boolean => {
  if (rule.collections?.length && !rule.collections.includes(doc.collection)) return false
  const categories = relatedIds(rule.categories)
  const tags = relatedIds(rule.tags)
  const templates = rule.templates ?? []
  if (!categories.length && !tags.length && !templates.length) return true
  return (
    categories.some((id) => doc.categories.includes(id)) ||
    tags.some((id) => doc.tags.includes(id)) ||
    (doc.template !== null && templates.includes(doc.template))
  )
}

/**
 * Decides which active integrations a document goes to, and how. With no enabled rule on the
 * site, every active integration gets it live. Otherwise each matching rule contributes its
 * destinations; when two rules name the same destination, the older rule (lower id) wins.
 */
export const resolveDestinations = (
  doc: DocumentFacts,
  rules: RuleLike[],
  activeIntegrations: number[],
): DestinationPlan[] => {
  const enabled = rules.filter((r) => r.enabled !== false).sort((a, b) => a.id - b.id)
  if (!enabled.length) {
    return activeIntegrations.map((integration) => ({
      integration,
      remoteStatus: 'publish',
      unpublishAction: 'unpublish',
      trigger: 'onPublish',
      rule: null,
    }))
  }
  const plans = new Map<number, DestinationPlan>()
  for (const rule of enabled) {
    if (!matches(rule, doc)) continue
    for (const integration of relatedIds(rule.destinations)) {
      if (plans.has(integration) || !activeIntegrations.includes(integration)) continue
      plans.set(integration, {
        integration,
        remoteStatus: rule.remoteStatus ?? 'publish',
        unpublishAction: rule.unpublishAction ?? 'unpublish',
        trigger: rule.trigger ?? 'onPublish',
        rule: rule.id,
      })
    }
  }
  return [...plans.values()]
}
