import type { ShopifyClient, UserError } from './client'

import { userErrorsFailure } from './client'
import { BLOG_CREATE, SHOP_AND_BLOG } from './documents'
import { searchValue } from './mapping'

export type ShopInfo = {
  name: string
  myshopifyDomain: string
  /** The storefront's address, for links to articles and pages. */
  primaryUrl: string | null
  /** The integration's blog, when it exists. */
  blog: { id: string; handle: string; title: string } | null
}

type ShopAndBlog = {
  shop: { name: string; myshopifyDomain: string; primaryDomain: { url: string } | null }
  blogs: { nodes: { id: string; handle: string; title: string }[] }
}

/** Reads the shop and looks its blog up by handle (one request). */
export const readShop = async (client: ShopifyClient): Promise<ShopInfo> => {
  const data = await client.request<ShopAndBlog>(
    SHOP_AND_BLOG,
    { blogQuery: `handle:${searchValue(client.blogHandle)}` },
    'Reading the Shopify store',
  )
  const blog = data.blogs.nodes.find((node) => node.handle === client.blogHandle) ?? null
  return {
    name: data.shop.name,
    myshopifyDomain: data.shop.myshopifyDomain,
    primaryUrl: data.shop.primaryDomain?.url ?? null,
    blog,
  }
}

/**
 * The shop and its blog, per process: a blog's id does not change, so a burst of deliveries reads
 * it once. `forget` drops it (the blog was deleted in Shopify since).
 */
const known = new Map<string, Promise<ShopInfo & { blog: NonNullable<ShopInfo['blog']> }>>()

const cacheKey = (client: ShopifyClient): string => `${client.shop}#${client.blogHandle}`

export const forgetShop = (client: ShopifyClient): void => {
  known.delete(cacheKey(client))
  seen.delete(cacheKey(client))
}

/** The shop and its blog if it exists, per process once found; creates nothing (reads, pages, listings). */
const seen = new Map<string, Promise<ShopInfo>>()

export const shopInfo = (client: ShopifyClient): Promise<ShopInfo> => {
  const key = cacheKey(client)
  const ready = known.get(key)
  if (ready) return ready
  const cached = seen.get(key)
  if (cached) return cached
  const loading = readShop(client)
  // A shop without the blog yet is asked again next time: the first post creates it.
  seen.set(key, loading)
  loading.then(
    (info) => !info.blog && seen.delete(key),
    () => seen.delete(key),
  )
  return loading
}

/** The shop, with the integration's blog, created with `blogCreate` when missing. */
export const shopWithBlog = (
  client: ShopifyClient,
): Promise<ShopInfo & { blog: NonNullable<ShopInfo['blog']> }> => {
  const key = cacheKey(client)
  const cached = known.get(key)
  if (cached) return cached
  const loading = (async () => {
    const info = await readShop(client)
    if (info.blog) return { ...info, blog: info.blog }
    const what = `Creating the Shopify blog "${client.blogHandle}"`
    const title = client.blogHandle.replace(/[-_]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase())
    const { blogCreate } = await client.request<{
      blogCreate: {
        blog: { id: string; handle: string; title: string } | null
        userErrors: UserError[]
      }
    }>(BLOG_CREATE, { blog: { title, handle: client.blogHandle } }, what)
    if (blogCreate.userErrors.length || !blogCreate.blog)
      throw userErrorsFailure(blogCreate.userErrors, what)
    if (blogCreate.blog.handle !== client.blogHandle) {
      // Another worker created it at the same moment, and Shopify gave ours another handle: use theirs.
      const again = await readShop(client)
      if (again.blog) return { ...again, blog: again.blog }
    }
    return { ...info, blog: blogCreate.blog }
  })()
  known.set(key, loading)
  loading.catch(() => known.delete(key))
  return loading
}
