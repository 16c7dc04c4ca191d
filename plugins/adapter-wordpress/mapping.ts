/**
 * Pure mapping between our delivered documents and WordPress posts and pages (REST API v2).
 *
 * The content goes out as native Gutenberg blocks (blocks.ts), followed by a Custom HTML block
 * holding only a comment naming the document it came from (`<!-- syndicate:posts:12 -->`): it is
 * how `findExisting` recognises a copy this integration made, whatever slug WordPress gave it, it
 * never shows on the page, and the block editor keeps it as it is.
 */
import type { DeliveryDocument } from '@plugins/publishing/exports/server'

import { PublishingError } from '@plugins/publishing/exports/server'

import { fromBlocks, serializeBlock, toBlocks } from './blocks'
import { decodeEntities, escapeAttribute, escapeText } from './html'

/**
 * Which of our collections WordPress holds, and as what: the one place that knows that our
 * `pages` are WordPress pages and our `posts` WordPress posts. `route` is the REST base
 * (`/wp/v2/<route>`) and the suffix of the capabilities WordPress checks (`edit_<route>`); `kind`
 * says what the copy carries: a post its categories and tags, a page its parent and menu order.
 */
export const WORDPRESS_TYPES = {
  posts: { route: 'posts', noun: 'post', kind: 'post' },
  pages: { route: 'pages', noun: 'page', kind: 'page' },
} as const satisfies Record<string, { route: string; noun: string; kind: 'post' | 'page' }>

/** One of our collections WordPress can hold. */
export type WordPressCollection = keyof typeof WORDPRESS_TYPES
export type WordPressType = (typeof WORDPRESS_TYPES)[WordPressCollection]

/** The collections this adapter maps (its `collections` declaration). */
export const WORDPRESS_COLLECTIONS = Object.keys(WORDPRESS_TYPES) as WordPressCollection[]

const isWordPressCollection = (collection: string): collection is WordPressCollection =>
  Object.hasOwn(WORDPRESS_TYPES, collection)

/** What `collection` is in WordPress; a final PublishingError for one it cannot hold (the platform checks first). */
export const wordPressType = (collection: string): WordPressType => {
  if (!isWordPressCollection(collection)) {
    throw new PublishingError(
      `WordPress cannot hold documents of the "${collection}" collection: it maps only ${WORDPRESS_COLLECTIONS.join(', ')}.`,
      { retryable: false },
    )
  }
  return WORDPRESS_TYPES[collection]
}

/** A copy of one of our images in the WordPress media library. */
export type UploadedImage = { id: number; url: string }

/** Our absolute image URL → its WordPress copy. */
export type ImageMap = ReadonlyMap<string, UploadedImage>

export type ToWordPressOptions = {
  /** WordPress term ids (posts only). */
  terms: { categories: number[]; tags: number[] }
  featuredMediaId: number | null
  imageMap: ImageMap
  /** The WordPress id of the parent page (pages only). */
  parentId: number | null
  /** For deciding whether `publishedAt` lies in the future. @default new Date() */
  now?: Date
}

/** The body of a create or update request. */
export type WordPressPostInput = {
  title: string
  content: string
  excerpt: string
  slug: string
  status: 'publish' | 'draft' | 'future'
  date_gmt?: string
  featured_media: number
  categories?: number[]
  tags?: number[]
  parent?: number
  menu_order?: number
  /** A page template file of the theme; `''` for the default. */
  template?: string
}

/** Which of our documents a WordPress copy was made from. */
export type SourceRef = { collection: WordPressCollection; id: number }

/** A WordPress post or page, narrowed to what we use. */
export type WordPressPost = {
  id: number
  type: string
  status: string
  slug: string
  link: string | null
  author: number | null
  title: string
  /** The content as we sent it (our block wrapper and marker removed), or WordPress's raw content. */
  html: string
  excerpt: string
  /** ISO 8601 with `Z`, from `date_gmt`. */
  publishedAt: string | null
  /** ISO 8601 with `Z`, from `modified_gmt`. */
  modifiedAt: string | null
  parent: number | null
  menuOrder: number | null
  categories: number[]
  tags: number[]
  featuredMediaId: number | null
  /** From the marker in the content; null for posts we did not make. */
  source: SourceRef | null
}

const BLOCK_OPEN = '<!-- wp:html -->'
const BLOCK_CLOSE = '<!-- /wp:html -->'
const MARKER = new RegExp(`<!-- syndicate:(${WORDPRESS_COLLECTIONS.join('|')}):(\\d+) -->`)

/** The comment that marks a copy of `source`. */
export const sourceMarker = ({ collection, id }: SourceRef): string =>
  `<!-- syndicate:${collection}:${id} -->`

/** The text WordPress's search finds the marker by (it matches title, excerpt and content). */
export const sourceSearchTerm = ({ collection, id }: SourceRef): string =>
  `syndicate:${collection}:${id}`

/** Reads the marker from raw content. */
export const readSourceMarker = (content: string): SourceRef | null => {
  const match = MARKER.exec(content)
  return match ? { collection: match[1] as SourceRef['collection'], id: Number(match[2]) } : null
}

/** `2025-01-02T03:04:05` (UTC, no offset, as WordPress wants `*_gmt` fields), or null. */
export const toGmtField = (iso: string | null): string | null => {
  if (!iso) return null
  const time = Date.parse(iso)
  return Number.isNaN(time) ? null : new Date(time).toISOString().slice(0, 19)
}

/** WordPress's `*_gmt` value as ISO 8601 with `Z`; null for missing or zero dates. */
export const fromGmtField = (value: unknown): string | null => {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(value) ||
    value.startsWith('0000')
  )
    return null
  return `${value}Z`
}

const attrPattern = (name: string): RegExp => new RegExp(`(\\s${name}=)"([^"]*)"`, 'i')

const attr = (tag: string, name: string): string | null => attrPattern(name).exec(tag)?.[2] ?? null

/** Sets an attribute of an `<img>` tag; replacer functions, so `$` in a URL stays literal. */
const withAttr = (tag: string, name: string, value: string): string => {
  const pattern = attrPattern(name)
  return pattern.test(tag)
    ? tag.replace(pattern, (_whole, prefix: string) => `${prefix}"${value}"`)
    : tag.replace(/^<img\b/i, () => `<img ${name}="${value}"`)
}

/**
 * Points every `<img>` of ours at its WordPress copy, with the `wp-image-<id>` class WordPress
 * uses to add `srcset` and lazy loading; other attributes naming our URL (links to the file) too.
 */
export const rewriteImages = (html: string, imageMap: ImageMap): string => {
  if (imageMap.size === 0) return html
  const images = html.replace(/<img\b[^>]*>/gi, (tag) => {
    const src = attr(tag, 'src')
    const copy = src === null ? undefined : imageMap.get(decodeEntities(src))
    if (!copy) return tag
    const classes = (attr(tag, 'class') ?? '')
      .split(/\s+/)
      .filter((c) => c && !/^wp-image-\d+$/.test(c))
    return withAttr(
      withAttr(tag, 'src', escapeAttribute(copy.url)),
      'class',
      [...classes, `wp-image-${copy.id}`].join(' '),
    )
  })
  let result = images
  for (const [ours, copy] of imageMap)
    result = result.split(`"${escapeAttribute(ours)}"`).join(`"${escapeAttribute(copy.url)}"`)
  return result
}

/** Our HTML as WordPress content: native blocks, then the source marker in a Custom HTML block of its own. */
export const wrapContent = (html: string, source: SourceRef): string => {
  const blocks = toBlocks(html)
  const marker = serializeBlock({ name: 'core/html', html: sourceMarker(source) })
  return blocks ? `${blocks}\n\n${marker}` : marker
}

/**
 * The inverse of `wrapContent`: block content as plain HTML (blocks.ts `fromBlocks`), without the
 * marker. Content delivered before blocks (our whole HTML in one Custom HTML block) gives back
 * exactly what was sent then; content WordPress users rewrote loses the block delimiters and the marker.
 */
export const unwrapContent = (content: string): string => {
  const open = `${BLOCK_OPEN}\n`
  const close = `\n${BLOCK_CLOSE}`
  const marker = new RegExp(`\\n?${MARKER.source}`)
  if (
    content.startsWith(open) &&
    content.endsWith(close) &&
    !content.includes('<!-- wp:', open.length)
  ) {
    return content.slice(open.length, -close.length).replace(marker, '')
  }
  return fromBlocks(content.replace(marker, '')).trim()
}

const statusOf = (document: DeliveryDocument, now: Date): WordPressPostInput['status'] => {
  if (document.status === 'draft') return 'draft'
  const at = document.publishedAt ? Date.parse(document.publishedAt) : NaN
  return at > now.getTime() ? 'future' : 'publish'
}

/** The create/update body for `document`, given what was resolved at the destination. */
export const toWordPressPost = (
  document: DeliveryDocument,
  { terms, featuredMediaId, imageMap, parentId, now = new Date() }: ToWordPressOptions,
): WordPressPostInput => {
  const { kind } = wordPressType(document.collection)
  const date = toGmtField(document.publishedAt)
  const body: WordPressPostInput = {
    title: escapeText(document.title),
    content: wrapContent(rewriteImages(document.html, imageMap), {
      collection: document.collection as WordPressCollection,
      id: document.id,
    }),
    excerpt: escapeText(document.excerpt ?? ''),
    slug: document.slug,
    status: statusOf(document, now),
    ...(date ? { date_gmt: date } : {}),
    featured_media: featuredMediaId ?? 0,
  }
  if (kind === 'post') return { ...body, categories: terms.categories, tags: terms.tags }
  return { ...body, parent: parentId ?? 0, menu_order: document.order ?? 0 }
}

type Obj = Record<string, unknown>
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)
const positive = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null
const ids = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((v): v is number => positive(v) !== null) : []
/** `raw` (edit context, and every create/update answer) or else `rendered`, of a `{ raw, rendered }` field. */
const rawOf = (value: unknown): string | null =>
  isObj(value) ? (text(value.raw) ?? text(value.rendered)) : text(value)

/** Narrows a WordPress REST post or page; null when `raw` is not one (no numeric id). */
export const fromWordPressPost = (raw: unknown): WordPressPost | null => {
  if (!isObj(raw)) return null
  const id = positive(raw.id)
  if (id === null) return null
  const content = rawOf(raw.content) ?? ''
  return {
    id,
    type: text(raw.type) ?? '',
    status: text(raw.status) ?? '',
    slug: text(raw.slug) ?? '',
    link: text(raw.link),
    author: positive(raw.author),
    title: decodeEntities(rawOf(raw.title) ?? ''),
    html: unwrapContent(content),
    excerpt: decodeEntities(rawOf(raw.excerpt) ?? ''),
    publishedAt: fromGmtField(raw.date_gmt),
    modifiedAt: fromGmtField(raw.modified_gmt),
    parent: positive(raw.parent),
    menuOrder: typeof raw.menu_order === 'number' ? raw.menu_order : null,
    categories: ids(raw.categories),
    tags: ids(raw.tags),
    featuredMediaId: positive(raw.featured_media),
    source: readSourceMarker(content),
  }
}
