import type { Config, Plugin } from 'payload'
import type pg from 'pg'

import { registerAdapter } from '@plugins/publishing/exports/server'

import { shopifyAdapter } from './adapter'
import { postgresRateLimitStore, setRateLimitStore } from './rateLimit'

export { shopifyAdapter } from './adapter'
export type { ShopifyConfig, ShopifyCredentials } from './client'
export {
  memoryRateLimitStore,
  postgresRateLimitStore,
  setRateLimitStore,
  type RateLimitStore,
  type ThrottleStatus,
} from './rateLimit'

/**
 * The Shopify destination (platform `shopify`). List it after `publishingPlugin()`. Once Payload
 * is up, Shopify's rate limit is shared through its database by every process (rateLimit.ts).
 */
export const shopifyAdapterPlugin = (): Plugin => (incoming) => {
  const config = registerAdapter(shopifyAdapter)(incoming) as Config
  const onInit = config.onInit
  return {
    ...config,
    onInit: async (payload) => {
      if (onInit) await onInit(payload)
      const pool = (payload.db as unknown as { pool?: pg.Pool }).pool
      if (pool) setRateLimitStore(postgresRateLimitStore(pool))
    },
  }
}
