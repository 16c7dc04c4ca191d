import { spawn, type ChildProcess } from 'child_process'
import path from 'path'

/** Environment for the processes our scripts start: Next's telemetry banner and upload stay off. */
export const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  NEXT_TELEMETRY_DISABLED: '1',
  ...process.env,
  ...extra,
})

/** Starts a binary from node_modules/.bin with this process's environment (and `extra`). */
export const spawnBin = (
  bin: string,
  args: string[],
  extra: Record<string, string> = {},
): ChildProcess =>
  spawn(path.resolve('node_modules/.bin', bin), args, { stdio: 'inherit', env: childEnv(extra) })

/**
 * Starts another of our TypeScript scripts the way package.json does: plain Node, through
 * scripts/run.mjs, with the export condition that keeps Node 20 from loading Lexical through its
 * top-level-await shims (see run.mjs).
 */
export const spawnScript = (script: string, args: string[] = []): ChildProcess =>
  spawn(
    process.execPath,
    ['--conditions=production', path.resolve('scripts/run.mjs'), script, ...args],
    {
      stdio: 'inherit',
      env: childEnv(),
    },
  )

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGKILL: 137,
  SIGTERM: 143,
}

/** Resolves to a child's exit code; a signal that ended it counts as 128 + its number, as in a shell. */
export const exitCodeOf = (child: ChildProcess): Promise<number> =>
  new Promise((resolve, reject) => {
    const codeOf = (code: number | null, signal: NodeJS.Signals | null) =>
      code ?? (signal ? (SIGNAL_CODES[signal] ?? 1) : 0)
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve(codeOf(child.exitCode, child.signalCode))
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(codeOf(code, signal)))
  })

/** Runs a binary from node_modules/.bin to its end, passing on SIGINT/SIGTERM; resolves to its exit code. */
export const runBin = async (
  bin: string,
  args: string[],
  extra: Record<string, string> = {},
): Promise<number> => {
  const child = spawnBin(bin, args, extra)
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  const onInt = forward('SIGINT')
  const onTerm = forward('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  try {
    return await exitCodeOf(child)
  } finally {
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
  }
}
