import fs from 'fs'

/** CPU time spent between `start()` and `stop()`: by this process, and by the whole machine. */
export type CpuSample = {
  wallS: number
  /** This Node.js process (user + system). */
  nodeS: number
  /** Every process on the machine (Linux /proc/stat), null elsewhere. */
  machineS: number | null
}

// USER_HZ: the unit of /proc/stat, 100 on every mainstream Linux build.
const TICKS_PER_S = 100

const machineBusyS = (): number | null => {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
    const [, ...fields] = line.trim().split(/\s+/)
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields.map(Number)
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_S
  } catch {
    return null
  }
}

export const cpuMeter = () => {
  const wall = performance.now()
  const node = process.cpuUsage()
  const machine = machineBusyS()
  return {
    stop: (): CpuSample => {
      const used = process.cpuUsage(node)
      const machineNow = machineBusyS()
      return {
        wallS: (performance.now() - wall) / 1000,
        nodeS: (used.user + used.system) / 1e6,
        machineS: machine === null || machineNow === null ? null : machineNow - machine,
      }
    },
  }
}

/** user + system CPU seconds of a process from /proc/<pid>/stat; null when unreadable. */
export const processCpuS = (pid: number): number | null => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S
  } catch {
    return null
  }
}

/**
 * CPU used by a set of PostgreSQL backends (the server must run on this machine). Takes the
 * backends' pids at the start and at the end: a backend that appeared meanwhile counts in full,
 * one that ended counts for nothing (the pool keeps its connections during a drain, so both are
 * rare). Returns null when /proc cannot be read for them.
 */
export const backendCpuMeter = async (listPids: () => Promise<number[]>) => {
  const before = new Map<number, number>()
  for (const pid of await listPids()) {
    const cpu = processCpuS(pid)
    if (cpu !== null) before.set(pid, cpu)
  }
  return {
    stop: async (): Promise<{ cpuS: number; backends: number } | null> => {
      const pids = await listPids()
      let total = 0
      let readable = 0
      for (const pid of pids) {
        const cpu = processCpuS(pid)
        if (cpu === null) continue
        readable++
        total += cpu - (before.get(pid) ?? 0)
      }
      return readable ? { cpuS: total, backends: readable } : null
    },
  }
}
