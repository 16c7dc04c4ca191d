import type { Payload } from 'payload'

import { fail, loadDotEnv, provideDatabase } from './database'
import { migrateDatabase } from './migrateDatabase'
import { releasePool } from './releasePool'

type BootOptions = {
  /** Apply the committed migrations (and check them) before anything reads a table. */
  migrate?: boolean
  /** Run the config's onInit (the plugins' start-up checks); off for a bare migration. */
  init?: boolean
}

/**
 * The app's Payload for a script, on the app's database (the embedded one when DATABASE_URI is
 * unset). The in-process delivery runner stays off: scripts that deliver start their own.
 * `stop()` lets go of the pool, then stops the embedded database if this process started it.
 */
export const bootPayload = async ({ migrate = false, init = true }: BootOptions = {}): Promise<{
  payload: Payload
  stop: () => Promise<void>
}> => {
  loadDotEnv()
  process.env.JOBS_RUNNER = 'false'
  const stopDatabase = await provideDatabase()
  const { getPayload } = await import('payload')
  const { default: config } = await import('../../payload.config')
  // onInit reads tables (the publishing plugin checks its integrations), so it waits for migrate.
  const payload = await getPayload({ config, disableOnInit: true })
  const stop = async () => {
    releasePool(payload)
    await stopDatabase()
  }
  try {
    if (migrate) await migrateDatabase(payload, process.env.DATABASE_URI || '')
    if (init) await payload.config.onInit?.(payload)
  } catch (error) {
    await stop()
    fail(
      `${migrate ? 'Migrating the database' : 'Starting Payload'} failed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return { payload, stop }
}
