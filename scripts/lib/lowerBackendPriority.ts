import type { Payload } from 'payload'

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

const isPostgres = (pid: number): boolean => {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres'
  } catch {
    return false
  }
}

/**
 * The bulk child's database work at its own priority: every `everyMs` it gives its PostgreSQL
 * backends (by `application_name`) the child's niceness, when the database runs on this machine
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
    }
  }
  const timer = setInterval(() => void lower().catch(() => {}), everyMs)
  void lower().catch(() => {})
  return () => clearInterval(timer)
}
