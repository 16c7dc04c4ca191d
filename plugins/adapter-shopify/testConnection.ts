import type { TestConnectionResult } from '@plugins/publishing/exports/server'

import { toPublishingError } from '@plugins/publishing/exports/server'

import type { ShopifyContext } from './client'

import { shopifyClient } from './client'
import { readShop } from './shop'

/**
 * Reads the shop (name, domain) and looks the blog up, creating nothing. A wrong token, a wrong
 * domain and a missing read scope each get their own sentence (client.ts); a missing write scope
 * cannot be seen without writing, so it shows at the first delivery, with its own sentence too.
 */
export const testConnection = async (context: ShopifyContext): Promise<TestConnectionResult> => {
  let info
  let client
  try {
    client = shopifyClient(context)
    info = await readShop(client)
  } catch (error) {
    const failure = toPublishingError(error, 'Reading the Shopify store')
    const unreachable = failure.status === null && failure.retryable
    return {
      ok: false,
      message: unreachable
        ? `No Shopify store could be reached at ${context.config.shopDomain}: check the store domain (my-store.myshopify.com). ${failure.message}`
        : failure.message,
    }
  }
  const details = {
    shop: info.name,
    myshopifyDomain: info.myshopifyDomain,
    blog: client.blogHandle,
    blogExists: info.blog !== null,
  }
  const blog = info.blog
    ? `its blog "${info.blog.title}" (${info.blog.handle}) receives the posts`
    : `its blog "${client.blogHandle}" does not exist yet and will be created with the first post`
  return {
    ok: true,
    message: `Connected to the Shopify store "${info.name}" (${info.myshopifyDomain}); ${blog}.`,
    details,
  }
}
