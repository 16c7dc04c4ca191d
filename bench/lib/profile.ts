import fs from 'fs'
import { Session, type Profiler } from 'node:inspector/promises'
import path from 'path'

/**
 * An optional V8 CPU profile of one part of the run (BENCH_CPU_PROFILE=<file>): written for
 * Chrome DevTools / speedscope, and summarised by where self time goes.
 */
export type CpuProfiler = { stop: () => Promise<Profiler.Profile> }

export const startCpuProfile = async (): Promise<CpuProfiler> => {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 500 })
  await session.post('Profiler.start')
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop')
      session.disconnect()
      return profile
    },
  }
}

const ROOT = `${path.resolve('.')}/`

/** The package or project folder a script URL belongs to: `drizzle-orm`, `payload`, `plugins/publishing`… */
const areaOf = (url: string, functionName: string): string => {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8 builtins)'
  if (url.startsWith('node:')) return 'node: internals'
  const file = url.replace(/^file:\/\//, '')
  const nm = file.lastIndexOf('/node_modules/')
  if (nm >= 0) {
    const parts = file.slice(nm + '/node_modules/'.length).split('/')
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!
  }
  if (file.startsWith(ROOT)) {
    const parts = file.slice(ROOT.length).split('/')
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.join('/')
  }
  return file
}

/**
 * Self time by area and by function, most first, in milliseconds. With `keep`, only the samples
 * taken at the times it keeps (V8's clock, microseconds: `process.hrtime` in any process on the
 * machine) count.
 */
export const summarise = (profile: Profiler.Profile, keep?: (atMicros: number) => boolean) => {
  const selfMs = new Map<number, number>()
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  let at = profile.startTime
  for (let i = 0; i < samples.length; i++) {
    const id = samples[i]!
    at += deltas[i] ?? 0
    const next = deltas[i + 1] ?? 0 // time until the next sample is charged to this one
    if (keep && !keep(at)) continue
    selfMs.set(id, (selfMs.get(id) ?? 0) + next / 1000)
  }
  const areas = new Map<string, number>()
  const functions = new Map<string, number>()
  let total = 0
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0
    if (!ms) continue
    const { url, functionName, lineNumber } = node.callFrame
    if (functionName === '(idle)') continue
    total += ms
    const area = areaOf(url, functionName)
    areas.set(area, (areas.get(area) ?? 0) + ms)
    const where = url
      ? `${area} ${path.basename(url.replace(/^file:\/\//, ''))}:${lineNumber + 1}`
      : area
    const fn = `${functionName || '(anonymous)'}  [${where}]`
    functions.set(fn, (functions.get(fn) ?? 0) + ms)
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1])
  return { totalMs: total, areas: sorted(areas), functions: sorted(functions) }
}

export const writeProfile = (file: string, profile: Profiler.Profile): void => {
  fs.writeFileSync(path.resolve(file), JSON.stringify(profile))
}
