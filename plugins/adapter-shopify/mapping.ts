/**
 * Our documents as Shopify articles and pages, and Shopify's back as `RemoteItem`s.
 *
 * The body carries a marker, `<!-- syndicate:<collection>:<id> -->`, after the HTML: it tells
 * findExisting which of our documents a copy belongs to (a handle alone does not: two documents
 * may share a slug, and a merchant's own article may hold it) and two-way sync not to import our
 * own copies. It is removed again when a copy is read back.
 */
import type {
  DeliveryDocument,
  PublishableCollection,
  PublishResult,
  RemoteItem,
} from '@plugins/publishing/exports/server'

import { decodeEntities, escapeHtml } from '@plugins/publishing/exports/server'

export type ShopifyArticle = {
  id: string
  handle: string
  title: string
  body: string
  summary: string | null
  tags: string[]
  isPublished: boolean
  publishedAt: string | null
  createdAt: string
  updatedAt: string | null
  author: { name: string } | null
  image: { altText: string | null; src: string } | null
  blog: { id: string; handle: string }
}

export type ShopifyPage = {
  id: string
  handle: string
  title: string
  body: string
  isPublished: boolean
  publishedAt: string | null
  createdAt: string
  updatedAt: string
}

export type ShopifyCopy =
  { kind: 'article'; article: ShopifyArticle } | { kind: 'page'; page: ShopifyPage }

const MARKER = /\s*<!--\s*syndicate:(pages|posts):(\d+)\s*-->\s*$/

/**
 * Which of our collections Shopify holds, and as what: the one place in this adapter that knows
 * that our posts are a blog's articles and our pages the online store's pages.
 */
export const SHOPIFY_KINDS = { posts: 'article', pages: 'page' } as const
/** One of our collections Shopify can hold. */
export type ShopifyCollection = keyof typeof SHOPIFY_KINDS
export type ShopifyKind = (typeof SHOPIFY_KINDS)[ShopifyCollection]
/** The collections this adapter maps (its `collections` declaration). */
export const SHOPIFY_COLLECTIONS = Object.keys(SHOPIFY_KINDS) as ShopifyCollection[]
/** What Shopify holds documents of `collection` as (the platform only hands it mapped ones). */
export const shopifyKind = (collection: string): ShopifyKind =>
  Object.hasOwn(SHOPIFY_KINDS, collection) ? SHOPIFY_KINDS[collection as ShopifyCollection] : 'page'
/** Our collection for a Shopify kind. */
const collectionOf = (kind: ShopifyKind): PublishableCollection =>
  SHOPIFY_COLLECTIONS.find((c) => SHOPIFY_KINDS[c] === kind) as PublishableCollection

export const marker = (document: Pick<DeliveryDocument, 'collection' | 'id'>): string =>
  `<!-- syndicate:${document.collection}:${document.id} -->`

/** The body without our marker, and whose copy it says it is. */
export const splitMarker = (
  body: string,
): { html: string; source: { collection: PublishableCollection; id: number } | null } => {
  const found = MARKER.exec(body)
  if (!found) return { html: body, source: null }
  return {
    html: body.slice(0, found.index),
    source: { collection: found[1] as PublishableCollection, id: Number(found[2]) },
  }
}

/** Plain text of a little HTML (a summary): tags dropped, character references decoded. */
export const htmlToText = (html: string): string =>
  decodeEntities(html.replace(/<[^>]*>/g, '')).trim()

/** Shopify has one list of tags: our categories and tags, by name, once each. */
export const tagsOf = (document: DeliveryDocument): string[] => [
  ...new Set(
    [...document.categories, ...document.tags].map((term) => term.name.trim()).filter(Boolean),
  ),
]

/** `ArticleCreateInput` / `ArticleUpdateInput` (less `blogId` on update). */
export const toArticleInput = (document: DeliveryDocument) => ({
  title: document.title,
  // Required by articleCreate; our documents carry no author, so the site signs them.
  author: { name: document.site.name || 'Syndicate' },
  body: `${document.html}\n${marker(document)}`,
  handle: document.slug,
  summary: document.excerpt ? escapeHtml(document.excerpt) : null,
  tags: tagsOf(document),
  image: document.featuredImage
    ? { url: document.featuredImage.url, altText: document.featuredImage.alt || null }
    : null,
  // Sent every time: left out, Shopify decides.
  isPublished: document.status === 'publish',
})

/** `PageCreateInput` / `PageUpdateInput`. */
export const toPageInput = (document: DeliveryDocument) => ({
  title: document.title,
  body: `${document.html}\n${marker(document)}`,
  handle: document.slug,
  // Pages default to published when it is left out.
  isPublished: document.status === 'publish',
})

const filenameOf = (src: string): string | null => {
  try {
    return new URL(src).pathname.split('/').pop() || null
  } catch {
    return null
  }
}

export const articleUrl = (primaryUrl: string | null, article: ShopifyArticle): string | null =>
  primaryUrl
    ? `${primaryUrl.replace(/\/+$/, '')}/blogs/${article.blog.handle}/${article.handle}`
    : null

export const pageUrl = (primaryUrl: string | null, page: ShopifyPage): string | null =>
  primaryUrl ? `${primaryUrl.replace(/\/+$/, '')}/pages/${page.handle}` : null

/** Shopify's times have one-second resolution and a `Z`; ours are ISO with milliseconds. */
const iso = (value: string | null | undefined): string =>
  new Date(value ? Date.parse(value) : 0).toISOString()

export const articleToRemoteItem = (
  article: ShopifyArticle,
  primaryUrl: string | null,
): RemoteItem => {
  const { html, source } = splitMarker(article.body)
  return {
    remoteId: article.id,
    collection: collectionOf('article'),
    title: article.title,
    slug: article.handle,
    html,
    excerpt: article.summary ? htmlToText(article.summary) || null : null,
    status: article.isPublished ? 'publish' : 'draft',
    modifiedAt: iso(article.updatedAt ?? article.publishedAt ?? article.createdAt),
    url: articleUrl(primaryUrl, article),
    // One list in Shopify: they come back as tags.
    categories: [],
    tags: [...article.tags],
    featuredImage: article.image
      ? {
          url: article.image.src,
          alt: article.image.altText ?? '',
          filename: filenameOf(article.image.src),
          sourceId: null,
        }
      : null,
    // Shopify has no trash: a deleted article is gone.
    removed: null,
    source,
  }
}

export const pageToRemoteItem = (page: ShopifyPage, primaryUrl: string | null): RemoteItem => {
  const { html, source } = splitMarker(page.body)
  return {
    remoteId: page.id,
    collection: collectionOf('page'),
    title: page.title,
    slug: page.handle,
    html,
    excerpt: null,
    status: page.isPublished ? 'publish' : 'draft',
    modifiedAt: iso(page.updatedAt),
    url: pageUrl(primaryUrl, page),
    categories: [],
    tags: [],
    featuredImage: null,
    removed: null,
    source,
  }
}

export const toRemoteItem = (copy: ShopifyCopy, primaryUrl: string | null): RemoteItem =>
  copy.kind === 'article'
    ? articleToRemoteItem(copy.article, primaryUrl)
    : pageToRemoteItem(copy.page, primaryUrl)

export const toPublishResult = (item: RemoteItem): PublishResult => ({
  remoteId: item.remoteId,
  remoteUrl: item.url,
  remoteModifiedAt: item.modifiedAt,
  item,
})

/** A search term for `query:` (Shopify's search syntax), quoted unless it is a plain word. */
export const searchValue = (value: string): string =>
  /^[\p{L}\p{N}_-]+$/u.test(value) ? value : `"${value.replace(/["\\]/g, '')}"`

/** The number at the end of a GID, for `blog_id:` filters. */
export const legacyId = (gid: string): string => gid.split('/').pop() ?? gid
