import type pg from 'pg'

import { spawnSync } from 'child_process'
import path from 'path'
import pgModule from 'pg'

/** The same server as `uri`, database `database`. */
export const withDatabase = (uri: string, database: string): string => {
  const url = new URL(uri)
  url.pathname = `/${database}`
  return url.toString()
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`

/** One statement on its own short-lived connection (setup and checks, not the app's queries). */
export const queryOn = async <R extends pg.QueryResultRow = pg.QueryResultRow>(
  uri: string,
  sql: string,
  params: unknown[] = [],
): Promise<pg.QueryResult<R>> => {
  const client = new pgModule.Client({ connectionString: uri })
  await client.connect()
  try {
    return await client.query<R>(sql, params)
  } finally {
    await client.end()
  }
}

/**
 * Applies the committed migrations exactly as `npm run migrate` does (plain Node, in-process
 * migrate, checked), then checks the database from here as well; throws with the script's output
 * when either says it is not migrated.
 */
export const migrateChecked = async (uri: string, what: string): Promise<void> => {
  const migrate = spawnSync(
    process.execPath,
    ['--conditions=production', path.resolve('scripts/run.mjs'), path.resolve('scripts/migrate.ts')],
    { env: { ...process.env, DATABASE_URI: uri, NODE_OPTIONS: '' }, encoding: 'utf8' },
  )
  const output = `(exit ${migrate.status ?? migrate.signal}):\n${migrate.stdout}\n${migrate.stderr}`
  if (migrate.status !== 0) throw new Error(`Migrating ${what} failed ${output}`)
  const { missingMigrations } = await import('./migrationState')
  const missing = await missingMigrations(uri)
  if (missing.length) throw new Error(`Migrating ${what} left ${missing.join(', ')} unapplied ${output}`)
}
