/**
 * A process that only runs deliveries and two-way syncs (`npm run worker` starts it through
 * scripts/start-worker.mjs, which restarts a boot that stalls). Use it with `JOBS_RUNNER=false` on
 * the app instances, or beside them: however many runners share a database, each job runs once
 * and each due sync once.
 */
import { startRunner, startSyncScheduler } from '../plugins/publishing'
import { bootPayload } from './lib/bootPayload'

const { payload, stop } = await bootPayload()
const stopRunner = startRunner(payload)
const stopSyncScheduler = startSyncScheduler(payload)
payload.logger.info({ msg: 'delivery worker running', pid: process.pid })
process.send?.('ready')

const shutdown = async () => {
  await stopRunner()
  await stopSyncScheduler()
  await stop()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
