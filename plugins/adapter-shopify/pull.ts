import type {
  ListChangesInput,
  PublishableCollection,
  RemoteItem,
} from '@plugins/publishing/exports/server'

import type { ShopifyContext } from './client'
import type { ShopifyArticle, ShopifyPage } from './mapping'

import { shopifyClient } from './client'
import { ARTICLE_GET, ARTICLES_CHANGED, LIST_SIZE, PAGE_GET, PAGES_CHANGED } from './documents'
import { articleToRemoteItem, legacyId, pageToRemoteItem, shopifyKind } from './mapping'
import { shopInfo } from './shop'

type Listing<T> = { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

/**
 * How far before the cursor a listing starts. Shopify filters through its search index, which may
 * show a write a little after it happened: an article saved just before the last sync's cursor but
 * indexed after that sync would otherwise never be listed. What is listed again is recognised by
 * hash and costs nothing more than its place in the answer.
 */
export const SEARCH_LAG_SECONDS = 60

/** `since` as Shopify's search syntax takes a time, `SEARCH_LAG_SECONDS` earlier, to the second (Shopify's resolution). */
export const searchTime = (since: string): string =>
  new Date(Math.floor(Date.parse(since) / 1000 - SEARCH_LAG_SECONDS) * 1000)
    .toISOString()
    .replace('.000Z', 'Z')

/**
 * The articles of the integration's blog, or the store's pages, changed since `since`.
 *
 * Shopify lists them sorted by `UPDATED_AT`, newest first, filtered with `updated_at:>=` (the
 * schema documents that filter) from a minute before the cursor (SEARCH_LAG_SECONDS), page after
 * page until that point is reached; the items are then handed over oldest first, in batches, as
 * the platform expects. Items listed again are recognised by hash. With nothing new, one request. A deleted article or page is not
 * listed (Shopify has no trash): the delivery guard finds it gone.
 */
export async function* listChanges(
  context: ShopifyContext,
  { collection, since }: ListChangesInput,
): AsyncGenerator<RemoteItem[]> {
  const client = shopifyClient(context)
  const isPosts = shopifyKind(collection) === 'article'
  const shop = await shopInfo(client)
  // No blog yet: no articles to list (the first post creates it).
  if (isPosts && !shop.blog) return
  const blogId = shop.blog?.id ?? ''
  const from = since ? searchTime(since) : null
  const fromMs = from ? Date.parse(from) : null
  const query =
    [isPosts ? `blog_id:${legacyId(blogId)}` : null, from ? `updated_at:>='${from}'` : null]
      .filter(Boolean)
      .join(' AND ') || null
  const what = `Listing Shopify ${isPosts ? 'articles' : 'pages'} changed since ${from ?? 'the beginning'}`
  const newestFirst: RemoteItem[] = []
  let after: string | null = null
  for (;;) {
    let listing: Listing<ShopifyArticle | ShopifyPage>
    let primaryUrl: string | null
    if (isPosts) {
      const data = await client.request<{
        articles: Listing<ShopifyArticle>
        shop: { primaryDomain: { url: string } | null }
      }>(ARTICLES_CHANGED, { query, after }, what)
      listing = data.articles
      primaryUrl = data.shop.primaryDomain?.url ?? null
    } else {
      const data = await client.request<{
        pages: Listing<ShopifyPage>
        shop: { primaryDomain: { url: string } | null }
      }>(PAGES_CHANGED, { query, after }, what)
      listing = data.pages
      primaryUrl = data.shop.primaryDomain?.url ?? null
    }
    let reachedCursor = false
    for (const node of listing.nodes) {
      const item = isPosts
        ? articleToRemoteItem(node as ShopifyArticle, primaryUrl)
        : pageToRemoteItem(node as ShopifyPage, primaryUrl)
      if (isPosts && (node as ShopifyArticle).blog.id !== blogId) continue
      if (fromMs !== null && Date.parse(item.modifiedAt) < fromMs) {
        reachedCursor = true
        break
      }
      newestFirst.push(item)
    }
    if (reachedCursor || !listing.pageInfo.hasNextPage || !listing.pageInfo.endCursor) break
    after = listing.pageInfo.endCursor
  }
  const oldestFirst = newestFirst.reverse()
  for (let i = 0; i < oldestFirst.length; i += LIST_SIZE) yield oldestFirst.slice(i, i + LIST_SIZE)
}

/** One article or page as it is now; null when it was deleted. */
export const getRemote = async (
  context: ShopifyContext,
  { collection, remoteId }: { collection: PublishableCollection; remoteId: string },
): Promise<RemoteItem | null> => {
  const client = shopifyClient(context)
  if (shopifyKind(collection) === 'article') {
    const data = await client.request<{
      article: ShopifyArticle | null
      shop: { primaryDomain: { url: string } | null }
    }>(ARTICLE_GET, { id: remoteId }, `Reading Shopify article ${remoteId}`)
    return data.article
      ? articleToRemoteItem(data.article, data.shop.primaryDomain?.url ?? null)
      : null
  }
  const data = await client.request<{
    page: ShopifyPage | null
    shop: { primaryDomain: { url: string } | null }
  }>(PAGE_GET, { id: remoteId }, `Reading Shopify page ${remoteId}`)
  return data.page ? pageToRemoteItem(data.page, data.shop.primaryDomain?.url ?? null) : null
}
