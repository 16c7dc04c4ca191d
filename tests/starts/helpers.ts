import { spawn, type ChildProcess } from 'child_process'
import fs from 'fs'
import net from 'net'
import os from 'os'
import path from 'path'

/** A port in 4100-4199 (the range these tests may use) that nothing listens on right now. */
export const appPort = async (): Promise<number> => {
  for (let port = 4100; port <= 4199; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer()
      server.once('error', () => resolve(false))
      server.listen(port, '0.0.0.0', () => server.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error('no free port in 4100-4199')
}

/** A fresh folder the `postgres` system user can reach (the embedded server runs as it under root). */
export const freshDataDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syndicate-start-'))
  fs.chmodSync(dir, 0o755)
  return dir
}

export type Started = ChildProcess & { output: () => string }

/**
 * Runs `npm run <script>` as a person does in a terminal: in a process group of its own, so that
 * `interrupt` reaches every process in it at once, like Ctrl+C.
 */
export const npmRun = (script: string, env: NodeJS.ProcessEnv): Started => {
  const child = spawn('npm', ['run', '--silent', script], {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return Object.assign(child, { output: () => output })
}

export const exitOf = (child: ChildProcess): Promise<number | string> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode ?? String(child.signalCode))
    : new Promise((resolve) =>
        child.once('exit', (code, signal) => resolve(code ?? String(signal))),
      )

/** Sends `signal` to the child's whole process group (as a terminal does with Ctrl+C). */
export const signalGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid && child.exitCode === null && child.signalCode === null)
    process.kill(-child.pid, signal)
}

/** Polls until `check` returns a value, the child exits (a failed start), or `timeoutMs` passes. */
export const untilReady = async <T>(
  child: Started,
  check: () => Promise<T | null>,
  timeoutMs: number,
  what: string,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what}: the process ended (exit ${child.exitCode ?? child.signalCode}) before it answered:\n${child.output().slice(-4000)}`,
      )
    }
    const value = await check().catch(() => null)
    if (value !== null) return value
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(
    `${what}: no answer within ${timeoutMs / 1000} s:\n${child.output().slice(-4000)}`,
  )
}

/** Lines a calm start or stop never prints. */
export const ALARMING =
  /terminating connection due to administrator command|uncaughtException|unhandledRejection|Cannot use a pool|ERROR|Unsettled top-level await|Blocked cross-origin/i

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * Removes a run's data folder. When the run failed and its `npm run dev` was killed, the embedded
 * PostgreSQL (in a process group of its own) may still be running on it: stop that first.
 */
export const removeDataDir = async (dir: string): Promise<void> => {
  const pidFile = path.join(dir, 'postgres', 'postmaster.pid')
  const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]) : 0
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGINT')
      for (let i = 0; i < 100 && fs.existsSync(pidFile); i++)
        await new Promise((resolve) => setTimeout(resolve, 100))
    } catch {
      // Not running any more: nothing to stop.
    }
  }
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 })
}
