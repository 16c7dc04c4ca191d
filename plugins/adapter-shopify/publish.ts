import type {
  DeliveryDocument,
  PublishInput,
  PublishResult,
} from '@plugins/publishing/exports/server'

import { PublishingError } from '@plugins/publishing/exports/server'

import type { ShopifyClient, ShopifyContext, UserError } from './client'
import type { ShopifyArticle, ShopifyPage } from './mapping'

import { shopifyClient, userErrorsFailure } from './client'
import {
  ARTICLE_CREATE,
  ARTICLE_UPDATE,
  ARTICLES_BY_HANDLE,
  PAGE_CREATE,
  PAGE_UPDATE,
  PAGES_BY_HANDLE,
} from './documents'
import {
  articleToRemoteItem,
  legacyId,
  pageToRemoteItem,
  searchValue,
  shopifyKind,
  splitMarker,
  toArticleInput,
  toPageInput,
  toPublishResult,
} from './mapping'
import { forgetShop, shopInfo, shopWithBlog } from './shop'

type ArticlePayload = { article: ShopifyArticle | null; userErrors: UserError[] }
type PagePayload = { page: ShopifyPage | null; userErrors: UserError[] }

/** A userError saying the id (or the blog) is not there: the copy or blog was deleted in Shopify. */
const notFound = (errors: UserError[]): boolean => errors.some((e) => e.code === 'NOT_FOUND')

/** A userError saying the handle is held by another article or page. */
const taken = (errors: UserError[]): boolean =>
  errors.some((e) => e.code === 'TAKEN' && e.field?.includes('handle'))

const isOurs = (body: string, document: DeliveryDocument): boolean => {
  const { source } = splitMarker(body)
  return source?.collection === document.collection && source.id === document.id
}

type Found = { copy: PublishResult; ours: boolean }

/** The article (in the integration's blog) or page holding `document`'s handle, and whether it is our copy of it. */
const byHandle = async (
  client: ShopifyClient,
  document: DeliveryDocument,
): Promise<Found | null> => {
  const what = `Looking for an earlier Shopify copy of ${document.collection} ${document.id}`
  const shop = await shopInfo(client)
  if (shopifyKind(document.collection) === 'article') {
    // No blog yet: nothing was delivered to it.
    if (!shop.blog) return null
    const blog = shop.blog
    const { articles } = await client.request<{ articles: { nodes: ShopifyArticle[] } }>(
      ARTICLES_BY_HANDLE,
      { query: `blog_id:${legacyId(blog.id)} handle:${searchValue(document.slug)}` },
      what,
    )
    const found = articles.nodes.find((a) => a.blog.id === blog.id && a.handle === document.slug)
    return found
      ? {
          copy: toPublishResult(articleToRemoteItem(found, shop.primaryUrl)),
          ours: isOurs(found.body, document),
        }
      : null
  }
  const { pages } = await client.request<{ pages: { nodes: ShopifyPage[] } }>(
    PAGES_BY_HANDLE,
    { query: `handle:${searchValue(document.slug)}` },
    what,
  )
  const found = pages.nodes.find((p) => p.handle === document.slug)
  return found
    ? {
        copy: toPublishResult(pageToRemoteItem(found, shop.primaryUrl)),
        ours: isOurs(found.body, document),
      }
    : null
}

/**
 * The copy of `document` made earlier, found by its handle (in the integration's blog for posts)
 * and adopted only when its marker names this document: a merchant's own article with that handle,
 * or another document's copy, is never taken over.
 */
export const findExisting = async (
  context: ShopifyContext,
  document: DeliveryDocument,
): Promise<PublishResult | null> => {
  const found = await byHandle(shopifyClient(context), document)
  return found?.ours ? found.copy : null
}

/**
 * A create refused with `TAKEN`: the handle is held. Our own copy (a create whose answer was lost,
 * not yet in Shopify's search index when findExisting looked) is adopted and updated; another
 * article or page fails for good, saying so; when the search does not show the holder yet, a
 * retry later will.
 */
const takenBy = async (
  client: ShopifyClient,
  document: DeliveryDocument,
  errors: UserError[],
  what: string,
): Promise<string> => {
  const found = await byHandle(client, document)
  if (found?.ours) return found.copy.remoteId
  if (found) throw userErrorsFailure(errors, what)
  const failure = userErrorsFailure(errors, what)
  throw new PublishingError(
    `${failure.message}; Shopify's search does not show what holds it yet, so this is tried again later.`,
    { retryable: true, status: 200 },
  )
}

const writeArticle = async (
  client: ShopifyClient,
  document: DeliveryDocument,
  remoteId: string | null,
  retried = false,
): Promise<PublishResult | null> => {
  const shop = await shopWithBlog(client)
  const input = toArticleInput(document)
  const what = remoteId ? `Updating Shopify article ${remoteId}` : 'Creating the Shopify article'
  const payload = remoteId
    ? (
        await client.request<{ articleUpdate: ArticlePayload }>(
          ARTICLE_UPDATE,
          { id: remoteId, article: input },
          what,
        )
      ).articleUpdate
    : (
        await client.request<{ articleCreate: ArticlePayload }>(
          ARTICLE_CREATE,
          { article: { ...input, blogId: shop.blog.id } },
          what,
        )
      ).articleCreate
  if (payload.userErrors.length || !payload.article) {
    if (remoteId && payload.userErrors.some((e) => e.code === 'NOT_FOUND' && e.field?.[0] === 'id'))
      return null
    // The blog we knew was deleted since: find or create it again, once.
    if (!remoteId && !retried && notFound(payload.userErrors)) {
      forgetShop(client)
      return writeArticle(client, document, remoteId, true)
    }
    if (!remoteId && taken(payload.userErrors))
      return writeArticle(
        client,
        document,
        await takenBy(client, document, payload.userErrors, what),
        true,
      )
    throw userErrorsFailure(payload.userErrors, what)
  }
  return toPublishResult(articleToRemoteItem(payload.article, shop.primaryUrl))
}

const writePage = async (
  client: ShopifyClient,
  document: DeliveryDocument,
  remoteId: string | null,
): Promise<PublishResult | null> => {
  const shop = await shopInfo(client)
  const input = toPageInput(document)
  const what = remoteId ? `Updating Shopify page ${remoteId}` : 'Creating the Shopify page'
  const payload = remoteId
    ? (
        await client.request<{ pageUpdate: PagePayload }>(
          PAGE_UPDATE,
          { id: remoteId, page: input },
          what,
        )
      ).pageUpdate
    : (await client.request<{ pageCreate: PagePayload }>(PAGE_CREATE, { page: input }, what))
        .pageCreate
  if (payload.userErrors.length || !payload.page) {
    if (remoteId && notFound(payload.userErrors)) return null
    if (!remoteId && taken(payload.userErrors))
      return writePage(client, document, await takenBy(client, document, payload.userErrors, what))
    throw userErrorsFailure(payload.userErrors, what)
  }
  return toPublishResult(pageToRemoteItem(payload.page, shop.primaryUrl))
}

/**
 * Creates or updates the Shopify copy: posts as articles of the integration's blog, pages as
 * online store pages. An update of a copy deleted in Shopify creates it again.
 */
export const publish = async (
  context: ShopifyContext,
  { document, remote }: PublishInput,
): Promise<PublishResult> => {
  const client = shopifyClient(context)
  const write = shopifyKind(document.collection) === 'article' ? writeArticle : writePage
  const updated = remote ? await write(client, document, remote.id) : null
  if (remote && !updated)
    context.logger.warn('the Shopify copy is gone; creating it again', { remoteId: remote.id })
  const written = updated ?? (await write(client, document, null))
  if (!written)
    throw new PublishingError(
      `Creating the Shopify copy of ${document.collection} ${document.id} failed.`,
      { retryable: false },
    )
  return written
}
