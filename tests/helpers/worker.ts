import { spawn, type ChildProcess } from 'child_process'
import path from 'path'

/**
 * Starts the worker exactly as `npm run worker` does (plain Node through scripts/run.mjs), but
 * without npm in between: these tests SIGKILL workers, and a killed npm would leave its worker
 * running.
 */
export const startWorker = (
  databaseUri: string,
  env: Record<string, string> = {},
): ChildProcess & { output: () => string } => {
  const child = spawn(
    process.execPath,
    ['--conditions=production', path.resolve('scripts/run.mjs'), path.resolve('scripts/worker.ts')],
    {
      env: { ...process.env, NODE_OPTIONS: '', DATABASE_URI: databaseUri, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
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
 * Starts a worker and waits until it says it is running. A start that ends or stalls instead is
 * a failure, reported with its output: nothing is retried.
 */
export const startReadyWorker = async (
  databaseUri: string,
  env: Record<string, string> = {},
): Promise<Worker> => {
  const worker = startWorker(databaseUri, env)
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setInterval(() => {
      if (worker.output().includes('delivery worker running')) done(true)
    }, 100)
    const deadline = setTimeout(() => done(false), 180_000)
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
  worker.kill('SIGKILL')
  await exited(worker)
  throw new Error(
    `the worker did not start (exit ${worker.exitCode ?? worker.signalCode}):\n${worker.output().slice(-3000)}`,
  )
}
