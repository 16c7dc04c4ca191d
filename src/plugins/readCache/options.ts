/** What the read cache needs to know, read from the environment once when the plugin runs. */
export type ReadCacheOptions = {
  /** `READ_CACHE=off` turns the cache off (HTTP caching headers stay). @default true */
  enabled: boolean
  /** Memory bound of the stored answers, in bytes (`READ_CACHE_MB`). @default 64 MiB */
  maxBytes: number
  /**
   * The collections whose REST reads may be cached: the ones the public and API keys may read.
   * Anything else (integrations, records, jobs, users) always goes to Payload.
   */
  collections: readonly string[]
}

export const DEFAULT_READ_CACHE_MB = 64

/** The PostgreSQL channel every app instance listens on for changes made by the others. */
export const NOTIFY_CHANNEL = 'syndicate_read_cache'

export const readCacheOptionsFromEnv = (collections: readonly string[]): ReadCacheOptions => {
  const megabytes = Number(process.env.READ_CACHE_MB || DEFAULT_READ_CACHE_MB)
  if (!Number.isFinite(megabytes) || megabytes <= 0)
    throw new Error(
      `[read-cache] READ_CACHE_MB must be a positive number of mebibytes, not "${process.env.READ_CACHE_MB}"`,
    )
  return {
    enabled: !/^(off|false|0)$/i.test(process.env.READ_CACHE ?? ''),
    maxBytes: Math.round(megabytes * 1024 * 1024),
    collections,
  }
}
