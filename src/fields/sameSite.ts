import type { CollectionSlug, FieldHook, FilterOptions, PayloadRequest, Where } from 'payload'

import { ValidationError } from 'payload'

import { relationId } from '@/access/roles'

type Options = {
  /** Refuse the document itself (a page cannot sit under itself). @default false */
  excludeSelf?: boolean
}

const siteOf = (data: unknown): number | null =>
  relationId((data as { site?: unknown } | null | undefined)?.site, 'sites')

/**
 * Limits a relationship to documents of the same site as the document being edited, in the
 * admin's pickers and in Payload's validation. A document whose site cannot be read is offered
 * nothing: an odd spelling of the site never lifts the limit.
 */
export const sameSite =
  ({ excludeSelf = false }: Options = {}): FilterOptions =>
  ({ data, id }): Where => {
    const site = siteOf(data)
    if (site === null) return { id: { exists: false } }
    const and: Where[] = [{ site: { equals: site } }]
    if (excludeSelf && id !== undefined) and.push({ id: { not_equals: id } })
    return { and }
  }

const refuse = (path: (number | string)[], message: string, collection?: string): ValidationError =>
  new ValidationError({ collection, errors: [{ message, path: path.join('.') }] })

const countInSite = async (req: PayloadRequest, relationTo: CollectionSlug, ids: number[], site: number) =>
  (
    await req.payload.count({
      collection: relationTo,
      where: { and: [{ id: { in: ids } }, { site: { equals: site } }] },
      overrideAccess: true,
      req,
    })
  ).totalDocs

/**
 * Field hook that holds the same-site limit where validation does not run: drafts, and a
 * document moved to another site with its relations left as they were. Ids are read with the
 * one id reader and stored as the numbers that were checked.
 */
const keepWithinSite =
  (relationTo: CollectionSlug, { excludeSelf = false }: Options): FieldHook =>
  async ({ collection, data, originalDoc, path, previousValue, req, value }) => {
    const moved = data?.site !== undefined && siteOf(data) !== siteOf(originalDoc)
    if (value === undefined && !moved) return value
    const given = value === undefined ? previousValue : value
    const list: unknown[] = Array.isArray(given) ? given : given === null || given === undefined ? [] : [given]
    if (list.length === 0) return value
    const ids = list.map((raw) => relationId(raw, relationTo))
    const unreadable = list.find((_, i) => ids[i] === null)
    if (unreadable !== undefined) {
      throw refuse(path, `${JSON.stringify(unreadable) ?? 'This'} is not the numeric id of a document of ${relationTo}.`, collection?.slug)
    }
    const wanted = [...new Set(ids as number[])]
    if (excludeSelf && originalDoc?.id !== undefined && wanted.includes(Number(originalDoc.id))) {
      throw refuse(path, 'A document cannot point at itself here.', collection?.slug)
    }
    const site = siteOf(data) ?? siteOf(originalDoc)
    if (site === null) throw refuse(path, 'Choose the site of this document first.', collection?.slug)
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
export const withinSite = (relationTo: CollectionSlug, options: Options = {}) => ({
  filterOptions: sameSite(options),
  hooks: { beforeChange: [keepWithinSite(relationTo, options)] },
})
