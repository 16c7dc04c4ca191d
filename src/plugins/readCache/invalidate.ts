import type { Payload, PayloadRequest } from 'payload'
import type pg from 'pg'

import { sql } from '@payloadcms/db-postgres'

import { notification } from './listener'
import { NOTIFY_CHANNEL } from './options'
import { runtimeOf } from './runtime'

type Session = { execute: (query: unknown) => Promise<unknown> }
type Adapter = {
  pool?: pg.Pool
  sessions?: Record<string, { db: Session }>
  commitTransaction: (id?: number | Promise<number | string> | string) => Promise<void>
  rollbackTransaction: (id?: number | Promise<number | string> | string) => Promise<void>
}

// Per transaction: the names changed in it, moved again once it has committed.
const KEY = Symbol.for('syndicate.readCache.pending')
const pending: Map<string, Set<string>> = ((globalThis as Record<symbol, unknown>)[KEY] ??=
  new Map()) as Map<string, Set<string>>

/**
 * Records that `name` (a collection slug, or `global:<slug>`) changed in `req`'s write.
 *
 * Locally the generation moves twice: now, and again once the transaction has committed (a read
 * that started in between saw the old rows and must not be kept). Other instances hear of it
 * through `pg_notify` run inside the same transaction: PostgreSQL delivers it only when the
 * transaction commits, and never when it rolls back. A write without a transaction is committed
 * already, so its notification goes out at once. The notification names this instance, whose
 * listener ignores it: arriving late, it would only throw away answers stored since the commit.
 */
export const markChanged = async (req: PayloadRequest, name: string): Promise<void> => {
  const runtime = runtimeOf(req.payload)
  if (!runtime) return
  runtime.store.changed([name])
  const message = notification(runtime.instance, [name])
  const adapter = req.payload.db as unknown as Adapter
  const id = req.transactionID ? String(await req.transactionID) : null
  const session = id !== null ? adapter.sessions?.[id]?.db : undefined
  if (id !== null && session) {
    const names = pending.get(id) ?? new Set<string>()
    pending.set(id, names)
    if (names.has(name)) return
    names.add(name)
    await session.execute(sql`select pg_notify(${NOTIFY_CHANNEL}, ${message})`)
    return
  }
  await adapter.pool?.query('select pg_notify($1, $2)', [NOTIFY_CHANNEL, message])
}

/** Wraps the adapter's commit and rollback so that a committed write moves the local generations again. */
export const watchCommits = (payload: Payload): void => {
  const adapter = payload.db as unknown as Adapter
  const commit = adapter.commitTransaction.bind(adapter)
  const rollback = adapter.rollbackTransaction.bind(adapter)
  adapter.commitTransaction = async (incoming) => {
    const id = String(await incoming)
    try {
      await commit(id)
    } finally {
      const names = pending.get(id)
      pending.delete(id)
      if (names) runtimeOf(payload)?.store.changed(names)
    }
  }
  adapter.rollbackTransaction = async (incoming) => {
    const id = String(await incoming)
    pending.delete(id)
    await rollback(id)
  }
}
