import type pg from 'pg'

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
