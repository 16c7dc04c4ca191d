import type { Payload } from 'payload'
import type pg from 'pg'

/**
 * Lets go of Payload's PostgreSQL pool before the server goes away. The adapter never releases
 * one pool client, so `pool.end()` never resolves: end it in the background, and ignore the
 * errors idle clients raise when the server shuts down.
 */
export const releasePool = (payload: Payload): void => {
  const pool = (payload.db as unknown as { pool?: pg.Pool }).pool
  pool?.on('error', () => {})
  void pool?.end().catch(() => {})
}
