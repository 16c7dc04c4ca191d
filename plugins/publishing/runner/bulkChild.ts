import type { Payload } from 'payload'

import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { BulkProcessOptions } from '../options'

/** The child's niceness: the lowest CPU priority, so the process answering the admin goes first. */
export const BULK_CHILD_NICENESS = 19

/** Failures (a non-zero exit we did not ask for, a spawn error) within this window that make the runner give up on the child. */
const FAILURES_TO_GIVE_UP = 2
const FAILURE_WINDOW_MS = 60_000

/** How long `stop()` waits for the child to finish its work in flight before it SIGKILLs it. */
const STOP_GRACE_MS = 25_000

export type BulkChild = {
  /** Starts the child unless it runs already (or the runner gave up on it). */
  ensure: () => void
  /** A child is running (or starting): the runs' work is its own. */
  running: () => boolean
  /** The child cannot be used in this process: the runner runs the runs' work itself, paced. */
  givenUp: () => boolean
  /** The running child's pid, if any. */
  pid: () => number | undefined
  /** Asks the child to stop (SIGTERM: it finishes its work in flight) and waits for it, bounded. */
  stop: () => Promise<void>
}

/** Files `spawn` would need that are named by absolute paths and missing (a Docker image without scripts/). */
const missingFiles = ({ command, args }: BulkProcessOptions): string[] =>
  [command, ...args].filter((part) => path.isAbsolute(part) && !fs.existsSync(part))

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()))

/**
 * The bulk child of one app process (runner/startRunner.ts): a process of its own that runs the
 * steps and deliveries of "publish everything" runs, so that their CPU (about 15 ms of JavaScript
 * per delivery) is not spent on the event loop that answers the admin. Started on demand, at
 * niceness 19, with an IPC channel: the child stops when the channel closes (this process went
 * away) and exits by itself once it has found nothing due for a while. Jobs are claimed with row
 * locks, so any number of app processes, each with a child, still run each job once.
 */
export const bulkChild = (payload: Payload, options: BulkProcessOptions): BulkChild => {
  let child: ChildProcess | null = null
  let stopping = false
  let gaveUp = false
  const failures: number[] = []

  const giveUp = (reason: string) => {
    if (gaveUp) return
    gaveUp = true
    payload.logger.warn({
      msg: `[publishing] bulk process unavailable (${reason}): "publish everything" runs in this process, paced to its requests`,
    })
  }

  const failed = (reason: string) => {
    const now = Date.now()
    failures.push(now)
    while (failures.length && failures[0]! < now - FAILURE_WINDOW_MS) failures.shift()
    if (failures.length >= FAILURES_TO_GIVE_UP) giveUp(reason)
  }

  const lowerPriority = (pid: number) => {
    try {
      os.setPriority(pid, BULK_CHILD_NICENESS)
    } catch (error) {
      payload.logger.warn({
        msg: '[publishing] could not lower the bulk process priority',
        error: String(error),
      })
    }
  }

  const start = () => {
    const missing = missingFiles(options)
    if (missing.length) return giveUp(`missing ${missing.join(', ')}`)
    const started = spawn(options.command, options.args, {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
    child = started
    // Neither the child nor its channel keeps this process alive; the channel's end stops the child.
    started.unref()
    started.channel?.unref()
    if (started.pid !== undefined) lowerPriority(started.pid)
    // A failed spawn emits 'error' (and may emit 'exit' too): one failure either way.
    let ended = false
    const end = (failure: string | null) => {
      if (ended) return
      ended = true
      if (child === started) child = null
      if (failure && !stopping) failed(failure)
    }
    started.once('error', (error) => end(`could not start: ${error.message}`))
    started.once('exit', (code, signal) => end(code === 0 ? null : `exited with ${code ?? signal}`))
    payload.logger.info({ msg: 'bulk process started', pid: started.pid })
  }

  return {
    ensure: () => {
      if (!child && !gaveUp && !stopping) start()
    },
    running: () => child !== null,
    givenUp: () => gaveUp,
    pid: () => child?.pid,
    stop: async () => {
      stopping = true
      const running = child
      if (!running) return
      const timer = setTimeout(() => running.kill('SIGKILL'), STOP_GRACE_MS)
      running.kill('SIGTERM')
      await exited(running)
      clearTimeout(timer)
    },
  }
}
