import fs from 'fs'
import pg from 'pg'

import { BULK_PROCESS_APP_NAME } from '../../src/config/env'
import { cpuMeter, processCpuS } from './cpu'

/** This process's children started with `--bulk-only`: the app runner's bulk child. */
export const bulkChildPids = (): number[] =>
  fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        return (
          ppid === process.pid &&
          fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--bulk-only')
        )
      } catch {
        return false
      }
    })
    .map(Number)

export type CpuShares = {
  wallS: number
  /** Cores used on average by each group, and by the whole machine. */
  cores: { self: number; child: number; childDb: number; selfDb: number; machine: number | null }
}

/**
 * Where the CPU goes while a backfill runs: this process (the admin's reads, the app's runner, the
 * receiver), the bulk child, and the PostgreSQL backends of each (by `application_name`). Samples
 * every `everyMs` on a connection of its own, so a process that ends meanwhile (the child, its
 * backends) keeps its last reading; one that appears counts from zero.
 */
export const cpuShares = async (databaseUri: string, everyMs = 500) => {
  const client = new pg.Client({ connectionString: databaseUri })
  await client.connect()
  const machine = cpuMeter()
  const baseline = new Map<number, number>()
  const latest = new Map<number, { group: 'child' | 'childDb' | 'selfDb'; cpu: number }>()
  let ownBackend = 0
  const sample = async (first: boolean) => {
    const { rows } = await client.query<{ pid: number; app: string; own: boolean }>(
      `select pid, application_name as app, pid = pg_backend_pid() as own
         from pg_stat_activity where datname = current_database()`,
    )
    const seen: [number, 'child' | 'childDb' | 'selfDb'][] = rows
      .filter((row) => (row.own ? ((ownBackend = row.pid), false) : true))
      .map((row) => [row.pid, row.app === BULK_PROCESS_APP_NAME ? 'childDb' : 'selfDb'])
    for (const pid of bulkChildPids()) seen.push([pid, 'child'])
    for (const [pid, group] of seen) {
      const cpu = processCpuS(pid)
      if (cpu === null) continue
      if (!baseline.has(pid)) baseline.set(pid, first ? cpu : 0)
      latest.set(pid, { group, cpu })
    }
  }
  await sample(true)
  let running = true
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, everyMs))
      await sample(false)
    }
  })()
  return {
    /** Takes a last sample while the child still runs; call before stopping it. */
    stop: async (): Promise<CpuShares> => {
      running = false
      await loop
      await sample(false)
      const used = machine.stop()
      await client.end()
      const sum = { child: 0, childDb: 0, selfDb: 0 }
      for (const [pid, { group, cpu }] of latest)
        if (pid !== ownBackend) sum[group] += cpu - (baseline.get(pid) ?? 0)
      const per = (s: number) => s / used.wallS
      return {
        wallS: used.wallS,
        cores: {
          self: per(used.nodeS),
          child: per(sum.child),
          childDb: per(sum.childDb),
          selfDb: per(sum.selfDb),
          machine: used.machineS === null ? null : per(used.machineS),
        },
      }
    },
  }
}
