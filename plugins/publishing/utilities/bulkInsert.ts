import type { Payload, PayloadRequest } from 'payload'

/** The part of @payloadcms/drizzle's adapter that inserts rows into a table, many at once. */
type Insertable = {
  insert: (args: {
    db: unknown
    tableName: string
    values: Record<string, unknown>[]
  }) => Promise<Record<string, unknown>[]>
}

/** The Drizzle handle of `req`'s transaction (as @payloadcms/drizzle's getTransaction finds it), or the pool's. */
export const drizzleOf = async (payload: Payload, req: PayloadRequest): Promise<unknown> => {
  const db = payload.db as unknown as {
    drizzle: unknown
    sessions?: Record<string, { db: unknown }>
  }
  const id = req.transactionID ? await req.transactionID : null
  return (id !== null && db.sessions?.[String(id)]?.db) || db.drizzle
}

/**
 * Inserts `values` (keyed by Drizzle column property, e.g. `pending_revision`) into `tableName` in
 * one statement, inside `req`'s transaction when it has one, and returns the inserted rows. For
 * the data layer's hot bulk writes only (records/, queue/): it runs no hooks and no validation.
 */
export const bulkInsert = async (
  req: PayloadRequest,
  tableName: string,
  values: Record<string, unknown>[],
): Promise<Record<string, unknown>[]> => {
  if (!values.length) return []
  const adapter = req.payload.db as unknown as Insertable
  return adapter.insert({ db: await drizzleOf(req.payload, req), tableName, values })
}
