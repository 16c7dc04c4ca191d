import type {
  Access,
  CollectionSlug,
  FieldHook,
  FilterOptions,
  PayloadRequest,
  Where,
} from 'payload'

import { APIError, ValidationError } from 'payload'

import type { ResolvedPublishingOptions } from './options'

import { readId } from './utilities/ids'

export { readId }

type Rules = ResolvedPublishingOptions['access']

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

/** The 400 for a `site` that cannot be read as a site id (missing, or an odd spelling). */
export const unreadableSite = (given: unknown) =>
  new APIError(
    given === undefined || given === null
      ? 'Choose the site this document belongs to: "site" must be the numeric id of a site.'
      : `"site" must be the numeric id of a site, got ${JSON.stringify(given) ?? String(given)}.`,
    400,
    undefined,
    true,
  )

/** Refuses a write whose `site` is given but cannot be read as a site id. */
const assertReadableSite = (data: unknown): void => {
  if (!data || typeof data !== 'object' || !('site' in data)) return
  if (readId(data.site, 'sites') === null) throw unreadableSite(data.site)
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
export const canWorkOnSite = (
  rules: Rules,
  user: PayloadRequest['user'],
  site: number,
): boolean => {
  if (!user) return false
  if (rules.isAdmin(user)) return true
  const sites = rules.sitesOf(user)
  return sites === 'all' || sites.includes(site)
}

type WithinSiteOptions = {
  /** Refuse the document itself (a page cannot sit under itself). @default false */
  excludeSelf?: boolean
}

const siteOf = (data: unknown): number | null =>
  readId((data as { site?: unknown } | null | undefined)?.site, 'sites')

/**
 * filterOptions limiting a relation to documents of the same site, for the admin's pickers and
 * Payload's validation. A document whose site cannot be read is offered nothing: an odd spelling
 * of the site never lifts the limit.
 */
export const sameSiteOptions =
  ({ excludeSelf = false }: WithinSiteOptions = {}): FilterOptions =>
  ({ data, id }): Where => {
    const site = siteOf(data)
    if (site === null) return { id: { exists: false } }
    const and: Where[] = [{ site: { equals: site } }]
    if (excludeSelf && id !== undefined) and.push({ id: { not_equals: id } })
    return { and }
  }

const refuse = (path: (number | string)[], message: string, collection?: string): ValidationError =>
  new ValidationError({ collection, errors: [{ message, path: path.join('.') }] })

const countInSite = async (
  req: PayloadRequest,
  relationTo: CollectionSlug,
  ids: number[],
  site: number,
) =>
  (
    await req.payload.count({
      collection: relationTo,
      where: { and: [{ id: { in: ids } }, { site: { equals: site } }] },
      overrideAccess: true,
      req,
    })
  ).totalDocs

const asList = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]

/**
 * Field hook that holds the same-site limit where validation does not run: drafts, and a document
 * moved to another site with its relations left as they were (validation checks only the fields
 * a save names). Ids are read with `readId` and stored as the numbers that were checked.
 */
const keepWithinSite =
  (relationTo: CollectionSlug, { excludeSelf = false }: WithinSiteOptions): FieldHook =>
  async ({ collection, data, originalDoc, path, previousValue, req, value }) => {
    const moved = data?.site !== undefined && siteOf(data) !== siteOf(originalDoc)
    if (value === undefined && !moved) return value
    const list = asList(value === undefined ? previousValue : value)
    if (list.length === 0) return value
    const ids = list.map((raw) => readId(raw, relationTo))
    const unreadable = list.find((_, i) => ids[i] === null)
    if (unreadable !== undefined) {
      const shown = JSON.stringify(unreadable) ?? String(unreadable)
      throw refuse(
        path,
        `${shown} is not the numeric id of a document of ${relationTo}.`,
        collection?.slug,
      )
    }
    const wanted = [...new Set(ids as number[])]
    if (excludeSelf && originalDoc?.id !== undefined && wanted.includes(Number(originalDoc.id))) {
      throw refuse(path, 'A document cannot point at itself here.', collection?.slug)
    }
    const site = siteOf(data) ?? siteOf(originalDoc)
    if (site === null)
      throw refuse(path, 'Choose the site of this document first.', collection?.slug)
    if ((await countInSite(req, relationTo, wanted, site)) !== wanted.length) {
      const message = `Only ${relationTo} of site ${site}, this document's site, can be chosen here; check ${wanted.join(', ')}.`
      throw refuse(path, message, collection?.slug)
    }
    if (value === undefined) return value
    return Array.isArray(value) ? ids : ids[0]
  }

/**
 * A relationship limited to documents of the same site, on every save: spread it into the field
 * (`...withinSite('media')`). The filter serves the admin's picker and validation; the hook holds
 * the limit on drafts and moves.
 */
export const withinSite = (relationTo: CollectionSlug, options: WithinSiteOptions = {}) => ({
  filterOptions: sameSiteOptions(options),
  hooks: { beforeChange: [keepWithinSite(relationTo, options)] },
})
