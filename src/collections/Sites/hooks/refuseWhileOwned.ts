import type {
  CollectionBeforeDeleteHook,
  Payload,
  PayloadRequest,
  SanitizedCollectionConfig,
} from 'payload'

import { APIError } from 'payload'

/** A collection whose documents belong to one site through a top-level `site` relationship. */
const ownsBySite = (collection: SanitizedCollectionConfig): boolean =>
  collection.fields.some(
    (field) =>
      'name' in field &&
      field.name === 'site' &&
      field.type === 'relationship' &&
      field.relationTo === 'sites',
  )

/** "pages", or "page" for one of them. */
const labelOf = (collection: SanitizedCollectionConfig, count: number): string => {
  const label = count === 1 ? collection.labels?.singular : collection.labels?.plural
  return (typeof label === 'string' ? label : collection.slug).toLowerCase()
}

export type Holding = { collection: string; label: string; count: number }

/** What still belongs to the site, per collection (only collections that hold something). */
export const holdingsOf = async (
  payload: Payload,
  site: number,
  req?: PayloadRequest,
): Promise<Holding[]> => {
  const owners = Object.values(payload.collections)
    .map(({ config }) => config)
    .filter(ownsBySite)
  const holdings: Holding[] = []
  for (const collection of owners) {
    const { totalDocs } = await payload.count({
      collection: collection.slug,
      where: { site: { equals: site } },
      overrideAccess: true,
      req,
    })
    if (totalDocs > 0)
      holdings.push({
        collection: collection.slug,
        label: labelOf(collection, totalDocs),
        count: totalDocs,
      })
  }
  return holdings
}

/** "3 pages, 1 media and 2 integrations" */
export const describeHoldings = (holdings: Holding[]): string => {
  const parts = holdings.map(({ count, label }) => `${count} ${label}`)
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
    : (parts[0] ?? '')
}

/**
 * A site is deleted only once it is empty: deleting what it holds is a decision about each piece
 * (and about its copies at the destinations), not a side effect of deleting the site. The answer
 * (409) names what is left, so the admin knows what to delete or move first. The database refuses
 * too (ON DELETE RESTRICT), so nothing can be left pointing at a deleted site.
 */
export const refuseWhileOwned: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const site = Number(id)
  const holdings = await holdingsOf(req.payload, site, req)
  if (!holdings.length) return
  const { name } = await req.payload.findByID({
    collection: 'sites',
    id: site,
    depth: 0,
    overrideAccess: true,
    req,
  })
  throw new APIError(
    `Site "${name}" still has ${describeHoldings(holdings)}. Delete them or move them to another site first, then delete the site.`,
    409,
    { holdings },
    true,
  )
}
