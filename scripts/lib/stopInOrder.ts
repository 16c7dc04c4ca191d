import type { ChildProcess } from 'child_process'

const GRACE_MS = 20_000

/**
 * Stops a script's pieces in order on SIGINT, SIGTERM or SIGHUP: first the child processes it
 * started (the signal is passed on, and each gets GRACE_MS before a SIGKILL), then `afterwards`
 * (the embedded database), then the process exits 0 with one line saying so. A second signal
 * changes nothing: the stop already under way finishes.
 */
export const stopInOrder = (afterwards: Array<() => Promise<void>>) => {
  const children = new Set<ChildProcess>()
  let requested = false
  let done: Promise<void> = Promise.resolve()
  const stop = async (signal: NodeJS.Signals) => {
    if (requested) return done
    requested = true
    process.stdout.write(`\n[syndicate] ${signal}: stopping…\n`)
    await Promise.all([...children].map((child) => stopChild(child, signal)))
    for (const step of afterwards) await step()
    process.stdout.write('[syndicate] stopped\n')
    process.exit(0)
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      done = stop(signal)
    })
  }
  return {
    add: (child: ChildProcess) => {
      children.add(child)
      child.once('exit', () => children.delete(child))
    },
    /** Stops now, as the signal would; the process ends with it. */
    stop: async (signal: NodeJS.Signals): Promise<void> => {
      done = stop(signal)
      await done
    },
    requested: () => requested,
    /** Settles never: the stop under way ends the process. Await it where a step was cut short by the stop. */
    finished: async (): Promise<never> => {
      await done
      return new Promise<never>(() => {})
    },
  }
}

const stopChild = (child: ChildProcess, signal: NodeJS.Signals): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const timer = setTimeout(() => child.kill('SIGKILL'), GRACE_MS)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill(signal)
  })
