import pg from 'pg'

/**
 * How the test run reaches PostgreSQL. tests/globalSetup.ts fills these in: the server (CI's
 * service from DATABASE_URI, or an embedded cluster), and a template database migrated once per
 * run that each test file copies into its own fresh database.
 */
export const testDatabaseEnv = {
  get adminUri(): string {
    return required('SYNDICATE_TEST_ADMIN_URI')
  },
  get template(): string {
    return required('SYNDICATE_TEST_TEMPLATE_DB')
  },
  get prefix(): string {
    return required('SYNDICATE_TEST_DB_PREFIX')
  },
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`${name} is not set: run the tests through jest (tests/globalSetup.ts).`)
  return value
}

/** The same server as `uri`, database `database`. */
export const withDatabase = (uri: string, database: string): string => {
  const url = new URL(uri)
  url.pathname = `/${database}`
  return url.toString()
}

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`

export const adminQuery = (sql: string, params: unknown[] = []): Promise<pg.QueryResult> =>
  queryOn(testDatabaseEnv.adminUri, sql, params)

export const queryOn = async (uri: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> => {
  const client = new pg.Client({ connectionString: uri })
  await client.connect()
  try {
    return await client.query(sql, params)
  } finally {
    await client.end()
  }
}
