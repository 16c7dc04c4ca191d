import type { CollectionSlug, FieldHook, TextField, Validate } from 'payload'

import { relationId } from '@/access/roles'
import { slugify } from '@/utilities/slugify'

type Options = {
  /** The field the slug is made from when left empty. @default 'title' */
  from?: string
  /** Document kind named in the error message, e.g. "page". */
  noun: string
}

/** Field hook: normalises a given slug, or makes one from another field when empty. */
export const fillSlugFrom =
  (from: string): FieldHook =>
  ({ value, siblingData }) => {
    if (typeof value === 'string' && value.trim() !== '') return slugify(value)
    const source = siblingData?.[from]
    return typeof source === 'string' ? slugify(source) : value
  }

/**
 * Refuses a slug already used by another document of the same site, with a message that names
 * it. The unique index on (site, slug) is the guarantee under concurrency; this check is what
 * gives the person a sentence to act on in the ordinary case.
 */
export const requireSlug = (value: unknown, noun: string): true | string =>
  typeof value === 'string' && value !== '' ? true : `Give this ${noun} a slug or a title.`

const uniqueWithinSite =
  (noun: string): Validate<string> =>
  async (value, { collectionSlug, data, id, req }) => {
    const present = requireSlug(value, noun)
    if (present !== true) return present
    const site = relationId((data as { site?: unknown })?.site)
    if (site === null || !collectionSlug || !req?.payload) return true
    const { totalDocs } = await req.payload.count({
      collection: collectionSlug as CollectionSlug,
      overrideAccess: true,
      req,
      where: {
        and: [
          { site: { equals: site } },
          { slug: { equals: value } },
          ...(id !== undefined ? [{ id: { not_equals: id } }] : []),
        ],
      },
    })
    return totalDocs === 0
      ? true
      : `The slug "${value}" is already used by another ${noun} of this site. Choose another slug.`
  }

/** A slug, made from the title when empty, unique within the document's site. */
export const slugField = ({ from = 'title', noun }: Options): TextField => ({
  name: 'slug',
  type: 'text',
  index: true,
  // Not `required` in the schema, so API clients may leave it out (GraphQL would demand it);
  // the hook fills it and the validation below refuses an empty one.
  admin: {
    position: 'sidebar',
    description: `Used in URLs. Made from the ${from} when left empty; unique within the site.`,
  },
  hooks: { beforeValidate: [fillSlugFrom(from)] },
  validate: uniqueWithinSite(noun),
})
