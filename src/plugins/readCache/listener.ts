import type { Payload } from 'payload'

import pg from 'pg'

import type { ReadCacheStore } from './store'

import { NOTIFY_CHANNEL } from './options'

const RECONNECT_MS = 1000

/** The names a notification carries: comma-separated collection slugs (`global:<slug>` for globals). */
export const parseNotification = (text: string | undefined): string[] =>
  (text ?? '').split(',').filter(Boolean)

/**
 * One PostgreSQL connection per process that LISTENs for the changes every instance announces
 * (see `invalidate.ts`) and moves the store's generations when one arrives. Until it listens, and
 * whenever it loses its connection, the store serves and keeps nothing (a change could be missed);
 * once it listens again everything stored before is stale.
 */
export const startListener = (
  connection: pg.ClientConfig,
  store: ReadCacheStore,
  logger: Payload['logger'],
): (() => Promise<void>) => {
  let stopped = false
  let client: pg.Client | null = null
  let timer: NodeJS.Timeout | null = null

  const lost = (error?: unknown): void => {
    store.listening = false
    store.reset()
    const current = client
    client = null
    current?.removeAllListeners()
    current?.on('error', () => {})
    void current?.end().catch(() => {})
    if (stopped) return
    if (error) logger.warn({ err: error }, '[read-cache] listener lost its connection; retrying')
    timer ??= setTimeout(connect, RECONNECT_MS)
  }

  const connect = async (): Promise<void> => {
    timer = null
    if (stopped) return
    const next = new pg.Client(connection)
    client = next
    next.on('error', lost)
    next.on('end', () => lost())
    next.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL) store.changed(parseNotification(message.payload))
    })
    try {
      await next.connect()
      await next.query(`listen ${NOTIFY_CHANNEL}`)
      if (stopped || client !== next) return
      store.reset()
      store.listening = true
    } catch (error) {
      if (client === next) lost(error)
    }
  }

  void connect()
  return async () => {
    stopped = true
    if (timer) clearTimeout(timer)
    const current = client
    client = null
    store.listening = false
    store.reset()
    current?.removeAllListeners()
    current?.on('error', () => {})
    await current?.end().catch(() => {})
  }
}
