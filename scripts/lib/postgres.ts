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
 * Applies the committed migrations with the Payload CLI, exactly as `npm run dev` does. Once, a run
 * ended "Done" with no tables; the cause did not show again, so the result is checked, retried,
 * and reported with the CLI's output if the schema is still missing.
 */
export const migrateChecked = async (uri: string, what: string): Promise<void> => {
  const outputs: string[] = []
  for (let attempt = 1; attempt <= 3; attempt++) {
    const migrate = spawnSync(path.resolve('node_modules/.bin/payload'), ['migrate'], {
      env: { ...process.env, DATABASE_URI: uri, NODE_OPTIONS: '' },
      encoding: 'utf8',
    })
    outputs.push(`attempt ${attempt} (exit ${migrate.status}):\n${migrate.stdout}\n${migrate.stderr}`)
    if (migrate.status !== 0) continue
    const { rows } = await queryOn(uri, "select 1 from information_schema.tables where table_name = 'users'")
    if (rows.length === 1) return
  }
  throw new Error(`Migrating ${what} failed:\n${outputs.join('\n')}`)
}
