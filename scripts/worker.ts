/**
 * `npm run worker`: a process that only runs deliveries. Use it with `JOBS_RUNNER=false` on the
 * app instances, or beside them: however many runners share a database, each job runs once.
 */
import type { Payload } from 'payload'

import { loadDotEnv, provideDatabase } from './lib/database'
import { releasePool } from './lib/releasePool'

loadDotEnv()
// This process runs its own runner below; the app's in-process one stays off here.
process.env.JOBS_RUNNER = 'false'

const stopDatabase = await provideDatabase()
const { getPayload } = await import('payload')
const { default: config } = await import('../payload.config')
const { startRunner } = await import('../plugins/publishing')
const payload: Payload = await getPayload({ config })
const stopRunner = startRunner(payload)
payload.logger.info({ msg: 'delivery worker running', pid: process.pid })

const shutdown = async () => {
  await stopRunner()
  releasePool(payload)
  await stopDatabase()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
