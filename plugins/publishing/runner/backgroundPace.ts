import { monitorEventLoopDelay, performance, type EventLoopUtilization } from 'node:perf_hooks'

/**
 * How much background work (a backfill's deliveries) a process that also serves requests may run
 * at once: an allowance that adapts to the event loop's health, additive increase and
 * multiplicative decrease (AIMD, as TCP paces a connection). Every sample window it reads the
 * loop's utilisation (the share of the window spent running callbacks, `eventLoopUtilization`)
 * and how late timers fired (`monitorEventLoopDelay`): a busy or late loop means a request that
 * arrives now waits behind the background work, so the allowance halves; a loop with room lets
 * it grow by one. The thresholds are in `PACE_DEFAULTS` with the measurements behind them.
 */
export type PaceSample = {
  /** Share of the window the loop spent running callbacks, 0 to 1. */
  utilization: number
  /** Median delay of the loop's timers in the window, in ms (0 when none were late). */
  delayMs: number
}

export type PaceOptions = {
  /** The allowance never drops below this (background work always moves). */
  floor: number
  /** Nor grows above this. */
  ceiling: number
  /** Where it starts. */
  initial: number
  /** A window busier than this halves the allowance. */
  busyUtilization: number
  /** Or one whose timers were this late at the median. */
  lateMs: number
  /** A window at most this busy (and not late) adds one. */
  idleUtilization: number
  /** Sample window. */
  intervalMs: number
}

/**
 * Measured with `BENCH_ONLY=backfill npm run bench:publish` on the 2-core machine (bench/README.md):
 * the runner's deliveries alone keep utilisation near 1 with 50 in flight; the admin's reads
 * stayed within 1.2x of idle at the median while the bulk work held the loop under about half its
 * time. 0.5 busy / 0.35 idle leave a band where the allowance holds still, so it does not saw
 * between two values every window; a 20 ms median delay (the monitor's resolution is 10 ms) is
 * a loop already late for everything, whatever the utilisation says (a long synchronous render).
 */
export const PACE_DEFAULTS: PaceOptions = {
  floor: 1,
  ceiling: 50,
  initial: 4,
  busyUtilization: 0.5,
  lateMs: 20,
  idleUtilization: 0.35,
  intervalMs: 200,
}

export class BackgroundPace {
  private allowed: number
  readonly options: PaceOptions

  constructor(options: Partial<PaceOptions> = {}) {
    this.options = { ...PACE_DEFAULTS, ...options }
    this.allowed = this.options.initial
  }

  /** Background jobs allowed in flight right now. */
  allowance(): number {
    return this.allowed
  }

  /** Adjusts the allowance to one window's health; returns the new allowance. */
  observe({ utilization, delayMs }: PaceSample): number {
    const { floor, ceiling, busyUtilization, lateMs, idleUtilization } = this.options
    if (utilization > busyUtilization || delayMs > lateMs)
      this.allowed = Math.max(floor, Math.floor(this.allowed / 2))
    else if (utilization <= idleUtilization) this.allowed = Math.min(ceiling, this.allowed + 1)
    return this.allowed
  }
}

/** Samples this process's event loop every `intervalMs` into `pace`; returns a stop function. */
export const sampleEventLoop = (pace: BackgroundPace): (() => void) => {
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  let last: EventLoopUtilization = performance.eventLoopUtilization()
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization()
    const window = performance.eventLoopUtilization(now, last)
    last = now
    // The histogram counts the monitor's own resolution in every sample: late is what exceeds it.
    const delayMs = delay.count ? Math.max(0, delay.percentile(50) / 1e6 - 10) : 0
    delay.reset()
    pace.observe({ utilization: window.utilization, delayMs })
  }, pace.options.intervalMs)
  timer.unref()
  return () => {
    clearInterval(timer)
    delay.disable()
  }
}

/**
 * The pace of this process's background work, sampled while a runner that serves requests runs
 * (`startRunner`); null when none does (tests' ticks, `npm run worker`): unpaced.
 */
let current: { pace: BackgroundPace; users: number; stop: () => void } | null = null

export const processPace = (): BackgroundPace | null => current?.pace ?? null

/** Starts sampling this process's loop (shared by every runner here); returns a release function. */
export const usePace = (): (() => void) => {
  if (!current) {
    const pace = new BackgroundPace()
    current = { pace, users: 0, stop: sampleEventLoop(pace) }
  }
  const held = current
  held.users++
  let released = false
  return () => {
    if (released) return
    released = true
    if (--held.users === 0) {
      held.stop()
      if (current === held) current = null
    }
  }
}
