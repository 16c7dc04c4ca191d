import { spawn, type ChildProcess } from 'child_process'
import path from 'path'

/** A `npm run worker` process started by a benchmark. */
export type WorkerProcess = {
  pid: number
  /** Its output so far (stdout and stderr), for errors. */
  output: () => string
  /** SIGTERM, then waits until it has exited (SIGKILL after `graceMs`). */
  stop: (graceMs?: number) => Promise<void>
}

const READY = 'delivery worker running'

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

/**
 * Starts scripts/worker.ts the way `npm run worker` does (Node through scripts/run.mjs, without npm
 * in between so that a signal reaches the worker itself) with this process's environment plus
 * `env`, and resolves once it says it is running. A worker that ends or stays silent for
 * `timeoutMs` instead is an error carrying its output.
 */
export const startWorkerProcess = async (
  env: Record<string, string> = {},
  timeoutMs = 180_000,
): Promise<WorkerProcess> => {
  const child = spawn(
    process.execPath,
    ['--conditions=production', path.resolve('scripts/run.mjs'), path.resolve('scripts/worker.ts')],
    { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000)
  }
  child.stdout?.on('data', append)
  child.stderr?.on('data', append)
  const stop = async (graceMs = 30_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await exited(child)
    clearTimeout(timer)
  }
  const ready = await new Promise<boolean>((resolve) => {
    const poll = setInterval(() => output.includes(READY) && done(true), 100)
    const deadline = setTimeout(() => done(false), timeoutMs)
    const onExit = () => done(output.includes(READY))
    const done = (value: boolean) => {
      clearInterval(poll)
      clearTimeout(deadline)
      child.off('exit', onExit)
      resolve(value)
    }
    child.once('exit', onExit)
  })
  if (!ready) {
    await stop(1000)
    throw new Error(
      `a worker did not start (exit ${child.exitCode ?? child.signalCode}):\n${output.slice(-3000)}`,
    )
  }
  return { pid: child.pid!, output: () => output, stop }
}
