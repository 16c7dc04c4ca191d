import type { sql } from '@payloadcms/db-postgres'
import type { PayloadRequest } from 'payload'

import { drizzleOf } from './bulkInsert'

/** A statement made with Drizzle's `sql` tag. */
export type SqlStatement = ReturnType<typeof sql>

type Executable = { execute: (query: SqlStatement) => Promise<{ rows: Record<string, unknown>[] }> }

/**
 * Runs one SQL statement (Drizzle's `sql` tag, values bound as parameters) inside `req`'s
 * transaction when it has one, and returns its rows. For the data layer's statements that the
 * Local API cannot say (row locks, counts by status, set-based updates).
 */
export const sqlRows = async <Row extends Record<string, unknown>>(
  req: PayloadRequest,
  query: SqlStatement,
): Promise<Row[]> => {
  const db = (await drizzleOf(req.payload, req)) as Executable
  return (await db.execute(query)).rows as Row[]
}
