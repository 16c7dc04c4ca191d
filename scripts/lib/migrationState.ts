import { spawnSync } from 'child_process'
import fs from 'fs'
import path from 'path'

import { queryOn } from './postgres'

/** The migrations the code expects: one `<name>.ts` per migration in `migrations/` (index.ts lists them). */
export const expectedMigrations = (dir = path.resolve('migrations')): string[] =>
  fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
    .map((file) => file.slice(0, -'.ts'.length))
    .sort()

/**
 * The expected migrations the database behind `uri` has not recorded as applied: what a start
 * checks after migrating, so that a migrate step that ended early without saying so cannot go
 * unnoticed. Everything is missing when Payload's migrations table does not exist yet.
 */
export const missingMigrations = async (uri: string): Promise<string[]> => {
  const { rows: table } = await queryOn(
    uri,
    "select to_regclass('payload_migrations') is not null as present",
  )
  if (!table[0]?.present) return expectedMigrations()
  const { rows } = await queryOn<{ name: string }>(
    uri,
    'select name from payload_migrations where batch > 0',
  )
  const applied = new Set(rows.map((row) => row.name))
  return expectedMigrations().filter((name) => !applied.has(name))
}

/**
 * Applies the committed migrations exactly as `npm run migrate` does (plain Node, in-process
 * migrate, checked), then checks the database from here as well; throws with the script's output
 * when either says it is not migrated.
 */
export const migrateChecked = async (uri: string, what: string): Promise<void> => {
  const migrate = spawnSync(
    process.execPath,
    [
      '--conditions=production',
      path.resolve('scripts/run.mjs'),
      path.resolve('scripts/migrate.ts'),
    ],
    { env: { ...process.env, DATABASE_URI: uri, NODE_OPTIONS: '' }, encoding: 'utf8' },
  )
  const output = `(exit ${migrate.status ?? migrate.signal}):\n${migrate.stdout}\n${migrate.stderr}`
  if (migrate.status !== 0) throw new Error(`Migrating ${what} failed ${output}`)
  const missing = await missingMigrations(uri)
  if (missing.length)
    throw new Error(`Migrating ${what} left ${missing.join(', ')} unapplied ${output}`)
}
