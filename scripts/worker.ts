/**
 * A process that only runs deliveries (`npm run worker` starts it through scripts/start-worker.mjs,
 * which restarts a boot that stalls). Use it with `JOBS_RUNNER=false` on the app instances, or
 * beside them: however many runners share a database, each job runs once.
 */
import { startRunner } from '../plugins/publishing'
import { bootPayload } from './lib/bootPayload'

const { payload, stop } = await bootPayload()
const stopRunner = startRunner(payload)
payload.logger.info({ msg: 'delivery worker running', pid: process.pid })
process.send?.('ready')

const shutdown = async () => {
  await stopRunner()
  await stop()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
