import type { DestinationAdapter } from '@plugins/publishing/exports/server'

import type { ShopifyConfig, ShopifyCredentials } from './client'

import { DEFAULT_API_VERSION, DEFAULT_BLOG_HANDLE } from './client'
import { SHOPIFY_COLLECTIONS } from './mapping'
import { findExisting, publish } from './publish'
import { getRemote, listChanges } from './pull'
import { testConnection } from './testConnection'
import { unpublish } from './unpublish'

/**
 * A Shopify store through the Admin GraphQL API: posts become articles of one blog, pages the
 * online store's pages. Paced by Shopify's cost-based rate limit across every worker (rateLimit.ts).
 * Two-way sync: `listChanges` and `getRemote` (pull.ts).
 */
export const shopifyAdapter: DestinationAdapter<ShopifyConfig, ShopifyCredentials> = {
  platform: 'shopify',
  label: 'Shopify',
  platformType: 'ecommerce',
  collections: SHOPIFY_COLLECTIONS,
  description:
    "Publishes posts as articles of a Shopify store's blog and pages as its online store pages, through the Admin GraphQL API.",
  configFields: [
    {
      name: 'shopDomain',
      label: 'Store domain',
      type: 'text',
      required: true,
      description: 'The store’s myshopify.com address, e.g. my-store.myshopify.com.',
    },
    {
      name: 'apiVersion',
      label: 'API version',
      type: 'text',
      description: `The Admin API version; ${DEFAULT_API_VERSION} when empty.`,
    },
    {
      name: 'blogHandle',
      label: 'Blog handle',
      type: 'text',
      description: `The blog that receives the posts (created when missing); "${DEFAULT_BLOG_HANDLE}" when empty.`,
    },
  ],
  credentialFields: [
    {
      name: 'accessToken',
      label: 'Admin API access token',
      type: 'secret',
      required: true,
      description:
        'The token of the store’s custom app (shpat_…), with the write_content and write_online_store_pages scopes.',
    },
  ],
  capabilities: { drafts: true, delete: true, findExisting: true, pull: true },
  testConnection,
  publish,
  unpublish,
  findExisting,
  listChanges,
  getRemote,
}
