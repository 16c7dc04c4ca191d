/**
 * `npm run worker`: a process that only runs deliveries and two-way syncs. Use it with
 * `JOBS_RUNNER=false` on the app instances, or beside them: however many runners share a
 * database, each job runs once and each due sync once.
 *
 * SIGINT/SIGTERM: it stops claiming work, gives the deliveries and syncs in flight up to
 * `WORKER_STOP_SECONDS` (default 20) to finish, then closes its pool and the embedded database
 * (if it started one) and exits 0. Work still unfinished at that point keeps its lease, and the
 * next runner takes it over when the lease runs out.
 *
 * `--bulk-only`: the app's bulk child (the publishing plugin's `bulkProcess` option, set in
 * src/config/publishing.ts; runner/bulkChild.ts starts it at niceness 19). It runs only the steps
 * and deliveries of "publish everything" runs, unpaced, and no syncs; it stops as above when its
 * parent goes away (the IPC channel closes) and exits 0 once it has found nothing to do for
 * `BULK_IDLE_SECONDS` (default 10).
 */
import { startRunner, startSyncScheduler } from '../plugins/publishing/exports/server'
import { bootPayload } from './lib/bootPayload'

const stopWithin = Number(process.env.WORKER_STOP_SECONDS || 20) * 1000
const bulkOnly = process.argv.includes('--bulk-only')
const idleMs = Number(process.env.BULK_IDLE_SECONDS || 10) * 1000

const { payload, stop } = await bootPayload()
// It serves no requests: nothing to give way to.
const stopRunner = startRunner(
  payload,
  bulkOnly
    ? {
        servesRequests: false,
        only: 'bulk',
        idle: { afterMs: idleMs, then: () => void shutdown('idle') },
      }
    : { servesRequests: false },
)
const stopSyncScheduler = bulkOnly ? async () => {} : startSyncScheduler(payload)
payload.logger.info({
  msg: 'delivery worker running',
  pid: process.pid,
  ...(bulkOnly ? { only: 'bulk' } : {}),
})

let stopping = false
async function shutdown(reason: NodeJS.Signals | 'idle' | 'parent gone') {
  if (stopping) return
  stopping = true
  payload.logger.info({ msg: `delivery worker: ${reason}, finishing the work in flight` })
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
// The bulk child's parent went away (or was gone before this line ran).
if (bulkOnly && process.send) {
  process.on('disconnect', () => void shutdown('parent gone'))
  if (!process.connected) void shutdown('parent gone')
}
