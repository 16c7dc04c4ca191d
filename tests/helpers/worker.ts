import { spawn, type ChildProcess } from 'child_process'
import path from 'path'

/**
 * Starts `scripts/worker.ts` itself against a test database: not `npm run worker`'s launcher
 * (scripts/start-worker.mjs), because these tests SIGKILL workers and a killed launcher would leave
 * its worker running.
 */
export const startWorker = (databaseUri: string, env: Record<string, string> = {}): ChildProcess & { output: () => string } => {
  // `node --import tsx`, not the tsx binary: that one runs the script in a second process, which
  // survives a SIGKILL sent to the first, and these tests kill workers on purpose.
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/worker.ts')], {
    env: { ...process.env, NODE_OPTIONS: '', DATABASE_URI: databaseUri, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return Object.assign(child, { output: () => output })
}

export const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

export type Worker = ReturnType<typeof startWorker>

/** SIGKILLs every worker in `workers`, empties the list and waits until each has exited (for afterEach). */
export const killWorkers = async (workers: Worker[]): Promise<void> => {
  for (const worker of workers.splice(0)) {
    worker.kill('SIGKILL')
    await exited(worker)
  }
}

/**
 * Starts a worker and waits until it says it is running. About one start in ten of a tsx-loaded
 * script ends (exit 13) or stalls while loading modules (see scripts/start-worker.mjs, which does
 * the same for `npm run worker`); such a start is retried, up to three times, and reported if it
 * never comes up.
 */
export const startReadyWorker = async (databaseUri: string, env: Record<string, string> = {}): Promise<Worker> => {
  let outputs = ''
  for (let attempt = 1; attempt <= 3; attempt++) {
    const worker = startWorker(databaseUri, env)
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (worker.output().includes('delivery worker running')) done(true)
      }, 100)
      const deadline = setTimeout(() => done(false), 90_000)
      const done = (value: boolean) => {
        clearInterval(timer)
        clearTimeout(deadline)
        worker.off('exit', onExit)
        resolve(value)
      }
      const onExit = () => done(worker.output().includes('delivery worker running'))
      worker.once('exit', onExit)
    })
    if (ready) return worker
    outputs += `\n--- attempt ${attempt} ---\n${worker.output().slice(-2000)}`
    worker.kill('SIGKILL')
    await exited(worker)
  }
  throw new Error(`the worker did not start:${outputs}`)
}
