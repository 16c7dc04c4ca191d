import type pg from 'pg'

import { queryOn } from '../../scripts/lib/postgres'

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
  if (!value)
    throw new Error(`${name} is not set: run the tests through jest (tests/globalSetup.ts).`)
  return value
}

export { queryOn, quoteIdent, withDatabase } from '../../scripts/lib/postgres'

export const adminQuery = (sql: string, params: unknown[] = []): Promise<pg.QueryResult> =>
  queryOn(testDatabaseEnv.adminUri, sql, params)
