import type { Payload, TypedUser } from 'payload'

import type { RuleLike } from '../../rules/resolveDestinations'

import { INTEGRATIONS, RULES } from '../../defaults'
import { registryOf } from '../../registry'
import { relatedIds } from '../../utilities/related'
import { describeRule, type RuleSummary } from '../describeRules'

export type SitePublishing = {
  destinations: { id: number; name: string; platform: string; isActive: boolean }[]
  rules: RuleSummary[]
}

type Named = { id: number; name?: string | null; title?: string | null }
const toMap = (docs: Named[]) =>
  new Map(docs.map((d) => [d.id, String(d.name ?? d.title ?? `#${d.id}`)]))

/**
 * A site's destinations and rules, read with the user's own access (editors read, admins too). A
 * caller that has read the site's integrations (sorted by name) and rules (by id) passes them in.
 */
export const loadSitePublishing = async (
  payload: Payload,
  user: TypedUser | null | undefined,
  site: number,
  setup?: { integrations: Named[]; rules: RuleLike[] },
): Promise<SitePublishing> => {
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0, limit: 0 } as const
  const [integrations, rules] = setup
    ? [setup.integrations, setup.rules]
    : await Promise.all([
        payload
          .find({
            collection: INTEGRATIONS,
            where: { site: { equals: site } },
            sort: 'name',
            ...asUser,
          })
          .then((found) => found.docs as unknown as Named[]),
        payload
          .find({ collection: RULES, where: { site: { equals: site } }, sort: 'id', ...asUser })
          .then((found) => found.docs as unknown as RuleLike[]),
      ])
  const ruleDocs = rules as (RuleLike & { name?: string })[]
  const termIds = (key: 'categories' | 'tags') => [
    ...new Set(ruleDocs.flatMap((r) => relatedIds(r[key]))),
  ]
  const terms = async (collection: 'categories' | 'tags') => {
    const ids = termIds(collection)
    if (!ids.length) return new Map<number, string>()
    const { docs } = await payload.find({ collection, where: { id: { in: ids } }, ...asUser })
    return toMap(docs as unknown as Named[])
  }
  const [categories, tags] = await Promise.all([terms('categories'), terms('tags')])
  const destinations = toMap(integrations)
  const collections = [...registryOf(payload).options.traits.values()]
  return {
    destinations: (
      integrations as unknown as {
        id: number
        name: string
        platform: string
        isActive?: boolean
      }[]
    ).map((d) => ({
      id: d.id,
      name: d.name,
      platform: d.platform,
      isActive: d.isActive !== false,
    })),
    rules: ruleDocs.map((rule) =>
      describeRule(rule, { collections, destinations, categories, tags }),
    ),
  }
}
