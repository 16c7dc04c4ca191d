import type { Payload } from 'payload'

import pg from 'pg'

import type { ReadCacheStore } from './store'

import { NOTIFY_CHANNEL } from './options'

const RECONNECT_MS = 1000

/**
 * A notification's text: the sending instance, then the changed names (collection slugs,
 * `global:<slug>` for globals), e.g. `3f9a…:posts,media`.
 */
export const notification = (instance: string, names: Iterable<string>): string =>
  `${instance}:${[...names].join(',')}`

/** The names a notification from another instance carries; none for one of `instance`'s own. */
export const parseNotification = (instance: string, text: string | undefined): string[] => {
  const [from, names = ''] = (text ?? '').split(':', 2)
  return from === instance ? [] : names.split(',').filter(Boolean)
}

/**
 * One PostgreSQL connection per process that LISTENs for the changes every instance announces
 * (see `invalidate.ts`) and moves the store's generations when one arrives. Until it listens, and
 * whenever it loses its connection, the store serves and keeps nothing (a change could be missed);
 * once it listens again everything stored before is stale.
 */
export const startListener = (
  instance: string,
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
    timer.unref()
  }

  const connect = async (): Promise<void> => {
    timer = null
    if (stopped) return
    const next = new pg.Client(connection)
    client = next
    next.on('error', lost)
    next.on('end', () => lost())
    next.on('notification', (message) => {
      if (message.channel === NOTIFY_CHANNEL)
        store.changed(parseNotification(instance, message.payload))
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
