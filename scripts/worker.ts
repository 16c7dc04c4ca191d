/**
 * `npm run worker`: a process that only runs deliveries and two-way syncs. Use it with
 * `JOBS_RUNNER=false` on the app instances, or beside them: however many runners share a
 * database, each job runs once and each due sync once.
 *
 * SIGINT/SIGTERM: it stops claiming work, gives the deliveries and syncs in flight up to
 * `WORKER_STOP_SECONDS` (default 20) to finish, then closes its pool and the embedded database
 * (if it started one) and exits 0. Work still unfinished at that point keeps its lease, and the
 * next runner takes it over when the lease runs out.
 */
import { startRunner, startSyncScheduler } from '../plugins/publishing/exports/server'
import { bootPayload } from './lib/bootPayload'

const stopWithin = Number(process.env.WORKER_STOP_SECONDS || 20) * 1000

const { payload, stop } = await bootPayload()
// It serves no requests: nothing to give way to.
const stopRunner = startRunner(payload, { servesRequests: false })
const stopSyncScheduler = startSyncScheduler(payload)
payload.logger.info({ msg: 'delivery worker running', pid: process.pid })

let stopping = false
const shutdown = async (signal: NodeJS.Signals) => {
  if (stopping) return
  stopping = true
  payload.logger.info({ msg: `delivery worker: ${signal}, finishing the work in flight` })
  let timer: NodeJS.Timeout | undefined
  const finished = await Promise.race([
    Promise.all([stopRunner(), stopSyncScheduler()]).then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), stopWithin))),
  ])
  clearTimeout(timer)
  if (!finished)
    payload.logger.warn({
      msg: `delivery worker: work still in flight after ${stopWithin / 1000} s is left to its lease`,
    })
  await stop()
  payload.logger.info({ msg: 'delivery worker stopped' })
  process.exit(0)
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.on(signal, () => void shutdown(signal))
