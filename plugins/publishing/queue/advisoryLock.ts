import type { Payload } from 'payload'
import type pg from 'pg'

/** Payload's PostgreSQL pool (@payloadcms/db-postgres). */
export const poolOf = (payload: Payload): pg.Pool =>
  (payload.db as unknown as { pool: pg.Pool }).pool

/**
 * Runs `work` while holding PostgreSQL advisory lock `key`, on a connection of its own kept for the
 * duration (a session lock: a process that dies releases it with its connection). Returns
 * `{ locked: false }` at once when another process holds the lock. `work` receives the connection,
 * for statements that belong with the lock.
 */
export const withAdvisoryLock = async <T>(
  payload: Payload,
  key: number,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<{ locked: true; value: T } | { locked: false }> => {
  const client = await poolOf(payload).connect()
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock($1) as locked',
      [key],
    )
    if (!rows[0]?.locked) return { locked: false }
    try {
      return { locked: true, value: await work(client) }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [key])
    }
  } finally {
    client.release()
  }
}

/** Per Payload instance, the tail of each lock's queue of waiters in this process. */
const localQueues = new WeakMap<Payload, Map<string, Promise<unknown>>>()

/**
 * Runs `work` holding the two-key PostgreSQL advisory lock (`space`, `key`), waiting for it when
 * another session holds it (a session lock on a connection of its own: a process that dies
 * releases it with its connection).
 *
 * Waiters of one process queue in memory first, so that each lock ties up at most one pooled
 * connection per process: otherwise many deliveries to one site (a batch of posts) would take
 * every connection of the pool to wait on the lock, and the holder's `work` could not get one.
 */
export const withAdvisoryLockWait = async <T>(
  payload: Payload,
  space: number,
  key: number,
  work: () => Promise<T>,
): Promise<T> => {
  let queues = localQueues.get(payload)
  if (!queues) localQueues.set(payload, (queues = new Map()))
  const name = `${space}:${key}`
  const previous = queues.get(name) ?? Promise.resolve()
  const run = previous.then(
    () => lockAndRun(payload, space, key, work),
    () => lockAndRun(payload, space, key, work),
  )
  const tail = run.catch(() => undefined)
  queues.set(name, tail)
  void tail.then(() => {
    if (queues.get(name) === tail) queues.delete(name)
  })
  return run
}

const lockAndRun = async <T>(
  payload: Payload,
  space: number,
  key: number,
  work: () => Promise<T>,
): Promise<T> => {
  const client = await poolOf(payload).connect()
  try {
    await client.query('select pg_advisory_lock($1, $2)', [space, key])
    try {
      return await work()
    } finally {
      await client.query('select pg_advisory_unlock($1, $2)', [space, key])
    }
  } finally {
    client.release()
  }
}
