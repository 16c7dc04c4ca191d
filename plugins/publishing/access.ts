import type { Access, PayloadRequest, Where } from 'payload'

import { APIError } from 'payload'

import type { ResolvedPublishingOptions } from './options'

type Rules = ResolvedPublishingOptions['access']

/** The largest id a PostgreSQL `serial` column holds; anything past it names no row. */
const MAX_ID = 2 ** 31 - 1

const readScalarId = (value: unknown): number | null => {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 1 && value <= MAX_ID ? value : null
  }
  if (typeof value === 'string' && /^[1-9][0-9]{0,9}$/.test(value)) return readScalarId(Number(value))
  return null
}

/**
 * The one reader of document ids that access decisions trust. It accepts the spellings Payload
 * and its clients use for a relation: a number, a numeric string, `{ id }` (a populated document)
 * and `{ relationTo, value }` (naming `collection` when given). Anything else, including "2abc",
 * 2.5, 0, -1, true, [] and numbers past 2^31-1, is unreadable: `null`, which callers must treat
 * as a refusal, never as "nothing to check".
 */
export const readId = (value: unknown, collection?: string): number | null => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return readScalarId(value)
  if ('relationTo' in value) {
    if (collection !== undefined && value.relationTo !== collection) return null
    const inner = (value as { value?: unknown }).value
    return inner !== null && typeof inner === 'object' ? readId(inner) : readScalarId(inner)
  }
  return 'id' in value ? readScalarId(value.id) : null
}

/** Admins, and editors for the documents of their sites (`field` holds the site). */
export const siteMembers =
  (rules: Rules, field = 'site'): Access =>
  ({ req: { user } }) => {
    if (!user) return false
    if (rules.isAdmin(user)) return true
    const sites = rules.sitesOf(user)
    if (sites === 'all') return true
    return sites.length ? ({ [field]: { in: sites } } as Where) : false
  }

/** Refuses, with a sentence, a write whose `site` is given but cannot be read as a site id. */
const assertReadableSite = (data: unknown): void => {
  if (!data || typeof data !== 'object' || !('site' in data)) return
  if (readId(data.site, 'sites') === null) {
    throw new APIError(
      `"site" must be the numeric id of a site, got ${JSON.stringify(data.site) ?? 'nothing'}.`,
      400,
      undefined,
      true,
    )
  }
}

/**
 * Writes to the plugin's site-owned collections (integrations, rules): admins only, and, like
 * the app's content, a `site` that cannot be read is refused rather than passed on.
 */
export const adminsOnly =
  (rules: Rules): Access =>
  ({ req: { user }, data }) => {
    if (!user || !rules.isAdmin(user)) return false
    assertReadableSite(data)
    return true
  }

/** May this user act on things of `site`? (admins always; editors for their sites) */
export const canWorkOnSite = (rules: Rules, user: PayloadRequest['user'], site: number): boolean => {
  if (!user) return false
  if (rules.isAdmin(user)) return true
  const sites = rules.sitesOf(user)
  return sites === 'all' || sites.includes(site)
}

/**
 * filterOptions for a relation that must stay within the document's site. A document whose site
 * cannot be read may point at nothing (fails closed), so an odd spelling never lifts the limit.
 */
export const sameSiteOptions = ({ data }: { data: unknown }): Where => {
  const site = readId((data as { site?: unknown } | undefined)?.site, 'sites')
  return site === null ? { id: { exists: false } } : { site: { equals: site } }
}
