import type { GraphQLSchema } from 'graphql'

import fs from 'fs'
import { buildClientSchema } from 'graphql'
import path from 'path'

/**
 * Shopify's Admin API schema (a 2026-01 subset copied from Shopify's published introspection, see
 * its README), kept beside the repository: CI clones the repo next to `../shared`. Resolved from
 * the repository root (jest's working directory), or `SHOPIFY_SCHEMA_PATH`.
 */
export const SHOPIFY_SCHEMA_PATH =
  process.env.SHOPIFY_SCHEMA_PATH ||
  path.resolve(process.cwd(), '..', 'shared', 'shopify', 'admin-subset.schema.json')

export type SchemaAvailability =
  { schema: GraphQLSchema; reason: null } | { schema: null; reason: string }

let cached: SchemaAvailability | null = null

/** The schema, or why it is missing. */
export const loadShopifySchema = (): SchemaAvailability => {
  if (cached) return cached
  if (!fs.existsSync(SHOPIFY_SCHEMA_PATH)) {
    cached = {
      schema: null,
      reason: `Shopify's schema is not at ${SHOPIFY_SCHEMA_PATH} (clone ../shared beside the repository)`,
    }
    return cached
  }
  const introspection = JSON.parse(fs.readFileSync(SHOPIFY_SCHEMA_PATH, 'utf8')) as {
    __schema: unknown
  }
  cached = {
    schema: buildClientSchema(introspection as Parameters<typeof buildClientSchema>[0]),
    reason: null,
  }
  return cached
}

/**
 * `describe` for suites that need the fake Shopify: skipped, saying why, when the schema file is
 * absent; under `CI=true` a missing schema fails the suite instead.
 */
export const describeWithShopifySchema = (name: string, body: () => void): void => {
  const { reason } = loadShopifySchema()
  if (!reason) {
    describe(name, body)
    return
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Shopify’s schema', () => {
        throw new Error(`${reason}; CI must provide it`)
      })
    })
    return
  }
  console.warn(`[skipped] ${name}: ${reason}`)
  describe.skip(`${name} (skipped: ${reason})`, body)
}
