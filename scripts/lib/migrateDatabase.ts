import type { Migration, Payload } from 'payload'

import { migrations } from '../../migrations'
import { missingMigrations } from './migrationState'

/**
 * Applies the committed migrations with the app's own Payload (no CLI, no second config load),
 * then checks the result in the database. Payload's migrate ends the process with exit 1 and its
 * own message when a migration fails; this throws when the database still lacks one afterwards.
 */
export const migrateDatabase = async (payload: Payload, uri: string): Promise<void> => {
  await payload.db.migrate({ migrations: migrations as unknown as Migration[] })
  const missing = await missingMigrations(uri)
  if (missing.length) {
    throw new Error(`the database still lacks migration(s) ${missing.join(', ')} after migrating`)
  }
  payload.logger.info({
    msg: `[syndicate] database is up to date (${migrations.length} migrations)`,
  })
}
