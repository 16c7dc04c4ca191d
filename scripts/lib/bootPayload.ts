import type { Payload } from 'payload'

import { fail, loadDotEnv, provideDatabase } from './database'
import { releasePool } from './releasePool'
import { runBin } from './run'

/**
 * The app's Payload for a script, on the app's database (the embedded one when DATABASE_URI is
 * unset). The in-process delivery runner stays off: scripts that deliver start their own.
 */
export const bootPayload = async ({ migrate = false }: { migrate?: boolean } = {}): Promise<{
  payload: Payload
  stop: () => Promise<void>
}> => {
  loadDotEnv()
  process.env.JOBS_RUNNER = 'false'
  const stopDatabase = await provideDatabase()
  if (migrate && (await runBin('payload', ['migrate'])) !== 0) {
    await stopDatabase()
    fail('Migrating the database failed (see above).')
  }
  const { getPayload } = await import('payload')
  const { default: config } = await import('../../payload.config')
  const payload = await getPayload({ config })
  return {
    payload,
    stop: async () => {
      releasePool(payload)
      await stopDatabase()
    },
  }
}
