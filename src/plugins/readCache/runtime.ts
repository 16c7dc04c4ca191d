import type { Payload } from 'payload'

import type { DependencyGraph } from './dependencies'
import type { ReadCacheOptions } from './options'
import type { ReadCacheStore } from './store'

/** One app process's cache: its answers, the config's dependency graph, its listener. */
export type ReadCacheRuntime = {
  /** Names this process in its notifications, so that its listener skips its own. */
  instance: string
  options: ReadCacheOptions
  store: ReadCacheStore
  graph: DependencyGraph
  stop: () => Promise<void>
}

// On globalThis: Next may load the route handlers and the config in separate module instances.
const KEY = Symbol.for('syndicate.readCache.runtimes')
const runtimes: WeakMap<Payload, ReadCacheRuntime> = ((globalThis as Record<symbol, unknown>)[
  KEY
] ??= new WeakMap()) as WeakMap<Payload, ReadCacheRuntime>

export const runtimeOf = (payload: Payload): ReadCacheRuntime | undefined => runtimes.get(payload)

export const attachRuntime = (payload: Payload, runtime: ReadCacheRuntime): void => {
  runtimes.set(payload, runtime)
}

/** Stops `payload`'s listener (tests, shutdown); the cache then serves nothing. */
export const stopReadCache = async (payload: Payload): Promise<void> => {
  await runtimes.get(payload)?.stop()
}
