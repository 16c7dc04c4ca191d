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
  const { rows: table } = await queryOn(uri, "select to_regclass('payload_migrations') is not null as present")
  if (!table[0]?.present) return expectedMigrations()
  const { rows } = await queryOn<{ name: string }>(uri, 'select name from payload_migrations where batch > 0')
  const applied = new Set(rows.map((row) => row.name))
  return expectedMigrations().filter((name) => !applied.has(name))
}
