import { sql, type MigrateDownArgs, type MigrateUpArgs } from '@payloadcms/db-postgres'

/**
 * Written by hand: Shopify's rate limit as every worker knows it, one row per (store, app), shared
 * through the database so that two workers never both spend the same bucket
 * (plugins/adapter-shopify/rateLimit.ts). Not a Payload collection, so the snapshot (.json) is
 * unchanged. `key` is the store's host and a digest of the app's token, never the token.
 */
export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
  CREATE TABLE IF NOT EXISTS "shopify_rate_limits" (
    "key" varchar PRIMARY KEY NOT NULL,
    "maximum_available" double precision NOT NULL,
    "restore_rate" double precision NOT NULL,
    "available" double precision NOT NULL,
    "pending" double precision NOT NULL DEFAULT 0,
    "refreshed_at" timestamp(3) with time zone NOT NULL DEFAULT now()
  );`)
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS "shopify_rate_limits";`)
}
