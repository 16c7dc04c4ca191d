/**
 * `npm run worker`: starts scripts/worker.ts under tsx and watches its boot.
 *
 * Why a launcher: under Node 20, tsx's module hooks run in a loader thread, and now and then
 * (about one start in ten on a busy 2-core machine) the main thread never gets the answer to a
 * module request while Payload loads. The process then stalls, or ends with exit code 13
 * ("unsettled top-level await") and no message. Neither happens once the worker is up. So this
 * launcher gives a boot `SYNDICATE_WORKER_BOOT_SECONDS` (default 90) to report ready, and starts
 * it again (up to 5 times) when it stalls or ends that way. Any other failure before ready (a
 * missing setting, an unreachable database) is final: its message is already printed.
 *
 * Plain JavaScript on purpose: it must not need the loader it is working around. Once the worker
 * is ready, SIGINT and SIGTERM are passed on to it and its exit code becomes this process's.
 */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const script = path.join(here, 'worker.ts')
const bootMs = Number(process.env.SYNDICATE_WORKER_BOOT_SECONDS || 90) * 1000
const attempts = 5
const UNSETTLED_TOP_LEVEL_AWAIT = 13

const say = (message) => process.stderr.write(`[worker] ${message}\n`)

// Signals go to the worker of the moment, during its boot too; after one, nothing is restarted.
let current = null
let stopping = false
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true
    if (current) current.kill(signal)
    else process.exit(1)
  })
}

/** One start: resolves to 'ready', 'stalled' (the boot never finished) or the exit code. */
const start = () =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] })
    current = child
    let ready = false
    const timer = setTimeout(() => {
      say(`the worker did not finish starting within ${bootMs / 1000} s; starting it again`)
      child.kill('SIGKILL')
      resolve({ outcome: 'stalled' })
    }, bootMs)
    child.on('message', (message) => {
      if (message !== 'ready' || ready) return
      ready = true
      clearTimeout(timer)
      child.disconnect()
      resolve({ outcome: 'ready', child })
    })
    child.on('exit', (code, signal) => {
      if (ready) return
      clearTimeout(timer)
      current = null
      resolve({ outcome: stopping ? 'stopped' : (code ?? (signal ? 1 : 0)) })
    })
  })

for (let attempt = 1; attempt <= attempts; attempt++) {
  const result = await start()
  if (result.outcome === 'ready') {
    result.child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
    break
  }
  if (result.outcome === 'stopped') process.exit(1)
  if (result.outcome === UNSETTLED_TOP_LEVEL_AWAIT) say('the worker ended while loading its modules (exit 13); starting it again')
  else if (result.outcome !== 'stalled') process.exit(result.outcome)
  if (attempt === attempts) {
    say(`the worker failed to start ${attempts} times in a row; giving up`)
    process.exit(1)
  }
}
