/**
 * The collections the plugin publishes, as the plugin sees them: which ones (its `collections`
 * option), whether each can be published at all (checked once, when the config is built), and what
 * its documents have (read from its fields once, kept on the registry). Nothing else in the plugin
 * knows a collection by name: a page tree is "a collection with a `parent` relationship to itself",
 * terms are "a collection with `categories`/`tags` relationships".
 */
import type { CollectionConfig } from 'payload'

import { flattenTopLevelFields } from 'payload/shared'

import type { AnyDestinationAdapter, PublishableCollection } from './types'

import { PublishingError } from './errors'

/** The term collections a publishable document can be tagged with. */
export const TERM_FIELDS = ['categories', 'tags'] as const
export type TermField = (typeof TERM_FIELDS)[number]

/** What the documents of one publishable collection have, derived from its config. */
export type CollectionTraits = {
  slug: PublishableCollection
  /** For sentences in the admin, e.g. "Pages". */
  plural: string
  /** A `parent` relationship to the collection itself: documents form a tree (a delivery carries the parent and the position). */
  tree: boolean
  /** `orderable: true`: documents have a hand-made order (`_order`), the position among siblings. */
  orderable: boolean
  /** The term relationships its documents have (`categories`, `tags`). */
  terms: TermField[]
  /** A `template` field. */
  template: boolean
  /** An `excerpt` field. */
  excerpt: boolean
  /** A `featuredImage` upload field. */
  featuredImage: boolean
}

/** The parts of a field this module reads. */
type NamedField = { name: string; type: string; relationTo?: unknown; hasMany?: unknown }

/** The fields whose data sits at the top level of a document (inside rows, collapsibles and unnamed tabs too), by name. */
const topLevelFields = (collection: CollectionConfig): Map<string, NamedField> => {
  const fields = new Map<string, NamedField>()
  for (const field of flattenTopLevelFields(
    collection.fields ?? [],
  ) as unknown as Partial<NamedField>[]) {
    if (typeof field.name === 'string' && typeof field.type === 'string')
      fields.set(field.name, field as NamedField)
  }
  return fields
}

const relatesTo = (field: NamedField | undefined, slug: string): boolean =>
  Boolean(
    field &&
    (field.type === 'relationship' || field.type === 'upload') &&
    field.relationTo === slug,
  )

const hasDrafts = (collection: CollectionConfig): boolean =>
  typeof collection.versions === 'object' &&
  collection.versions !== null &&
  Boolean(collection.versions.drafts)

/**
 * Why `collection` cannot be published, as sentences (empty when it can): the plugin reads each
 * document's `_status` (so it must be versioned with drafts), its `site` (a relationship to
 * `sites`), its `title` and its `slug` (text fields).
 */
export const publishableProblems = (collection: CollectionConfig): string[] => {
  const fields = topLevelFields(collection)
  const problems: string[] = []
  if (!hasDrafts(collection))
    problems.push(
      'it has no drafts (set `versions: { drafts: true }`: the plugin delivers what is published)',
    )
  if (!relatesTo(fields.get('site'), 'sites'))
    problems.push('it has no `site` relationship to `sites`')
  for (const name of ['title', 'slug']) {
    if (fields.get(name)?.type !== 'text') problems.push(`it has no \`${name}\` text field`)
  }
  return problems
}

const labelText = (label: unknown): string | null => {
  if (typeof label === 'string' && label.trim() !== '') return label
  if (label && typeof label === 'object') {
    const first = (label as Record<string, unknown>).en ?? Object.values(label)[0]
    if (typeof first === 'string' && first.trim() !== '') return first
  }
  return null
}

/** "pages" → "Pages", "blog-posts" → "Blog posts": as Payload labels a collection without labels. */
const wordsOf = (slug: string): string => {
  const words = slug.replace(/[-_]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** What `collection`'s documents have, read from its fields. */
export const collectionTraits = (collection: CollectionConfig): CollectionTraits => {
  const fields = topLevelFields(collection)
  const slug = collection.slug as PublishableCollection
  const parent = fields.get('parent')
  return {
    slug,
    plural: labelText(collection.labels?.plural) ?? wordsOf(slug),
    tree: relatesTo(parent, slug) && !parent?.hasMany,
    orderable: collection.orderable === true,
    terms: TERM_FIELDS.filter((name) => relatesTo(fields.get(name), name)),
    template: fields.has('template'),
    excerpt: fields.has('excerpt'),
    featuredImage: fields.get('featuredImage')?.type === 'upload',
  }
}

/** Whether `adapter` can hold documents of `collection` (an adapter without `collections` takes any). */
export const adapterMaps = (
  adapter: Pick<AnyDestinationAdapter, 'collections'>,
  collection: string,
): boolean => !adapter.collections || adapter.collections.includes(collection)

/** The collections of `collections` that `adapter` maps, in their order: what sync pulls and pushes. */
export const mappedCollections = <T extends string>(
  adapter: Pick<AnyDestinationAdapter, 'collections'>,
  collections: readonly T[],
): T[] => collections.filter((collection) => adapterMaps(adapter, collection))

/**
 * Throws, not retryable, when `adapter` cannot hold documents of `collection`: retrying cannot
 * teach it, and the sentence goes into the record's `lastError`.
 */
export const assertAdapterMaps = (
  adapter: Pick<AnyDestinationAdapter, 'collections' | 'label'>,
  collection: string,
): void => {
  if (adapterMaps(adapter, collection)) return
  const mapped = adapter.collections?.length
    ? `it maps only ${adapter.collections.join(', ')}`
    : 'it maps no collection'
  throw new PublishingError(
    `${adapter.label} cannot hold documents of the "${collection}" collection: ${mapped}.`,
    { retryable: false },
  )
}
