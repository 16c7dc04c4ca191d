import type { Payload } from 'payload'

import { execFile } from 'child_process'
import fs from 'fs'
import os from 'os'

import { poolOf } from '../../plugins/publishing/exports/server'

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]', ''])

/** The database runs on this machine (loopback or a Unix socket), so its backends' pids are ours to see. */
const localDatabase = (uri: string): boolean => {
  try {
    const { hostname, searchParams } = new URL(uri)
    return LOOPBACK.has(hostname) || (searchParams.get('host') ?? '').startsWith('/')
  } catch {
    return false
  }
}

const CHRT = '/usr/bin/chrt'
/** SCHED_IDLE's number in /proc/<pid>/stat (field 41, `policy`). */
const IDLE_POLICY = 5

const schedulingPolicy = (pid: number): number | null => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38])
  } catch {
    return null
  }
}

const isPostgres = (pid: number): boolean => {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
  } catch {
    return false
  }
}

/**
 * The bulk child's database work at its own priority: every `everyMs` it gives its PostgreSQL
 * backends (by `application_name`) the child's niceness, and its SCHED_IDLE policy when it runs
 * under it (through util-linux's chrt), when the database runs on this machine
 * (the embedded one of `npm run dev`, a server beside the app) and the operating system lets it
 * (the same user, or root). The child at niceness 19 alone still has its statements run at normal
 * priority, beside the admin's (bench/README.md, backfill). A remote database is left alone: its
 * pids are not this machine's. Returns a function that stops it.
 */
export const lowerBackendPriority = (
  payload: Payload,
  uri: string,
  appName: string,
  everyMs = 2_000,
): (() => void) => {
  if (!localDatabase(uri) || process.platform !== 'linux') return () => {}
  const niceness = os.getPriority()
  // The child runs under SCHED_IDLE (src/config/publishing.ts): its backends follow.
  const idlePolicy = fs.existsSync(CHRT) && schedulingPolicy(process.pid) === IDLE_POLICY
  const done = new Set<number>()
  const lower = async () => {
    const { rows } = await poolOf(payload).query<{ pid: number }>(
      'select pid from pg_stat_activity where application_name = $1',
      [appName],
    )
    for (const { pid } of rows) {
      if (done.has(pid) || !isPostgres(pid)) continue
      done.add(pid)
      try {
        os.setPriority(pid, niceness)
      } catch {
        // Not ours to change (another user's server): its statements keep their priority.
      }
      if (idlePolicy) execFile(CHRT, ['--idle', '--pid', '0', String(pid)], () => {})
    }
  }
  const timer = setInterval(() => void lower().catch(() => {}), everyMs)
  void lower().catch(() => {})
  return () => clearInterval(timer)
}
