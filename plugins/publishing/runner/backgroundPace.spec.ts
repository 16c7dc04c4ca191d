import { BackgroundPace, PACE_DEFAULTS } from './backgroundPace'

const idle = { utilization: 0.1, delayMs: 0 }
const busy = { utilization: 0.9, delayMs: 0 }

describe('BackgroundPace', () => {
  it('grows by one per healthy window up to its ceiling', () => {
    const pace = new BackgroundPace({ initial: 4, ceiling: 6 })
    expect(pace.observe(idle)).toBe(5)
    expect(pace.observe(idle)).toBe(6)
    expect(pace.observe(idle)).toBe(6)
  })

  it('halves when the loop is busy, down to its floor', () => {
    const pace = new BackgroundPace({ initial: 40, floor: 2 })
    expect(pace.observe(busy)).toBe(20)
    expect(pace.observe(busy)).toBe(10)
    for (let i = 0; i < 10; i++) pace.observe(busy)
    expect(pace.allowance()).toBe(2)
  })

  it('halves when timers fire late, however little the loop says it works', () => {
    const pace = new BackgroundPace({ initial: 16 })
    expect(pace.observe({ utilization: 0.2, delayMs: PACE_DEFAULTS.lateMs + 5 })).toBe(8)
  })

  it('holds still between the idle and busy thresholds', () => {
    const pace = new BackgroundPace({ initial: 10, idleUtilization: 0.3, busyUtilization: 0.6 })
    expect(pace.observe({ utilization: 0.45, delayMs: 0 })).toBe(10)
  })

  it('backs off under load and recovers once the requests are gone', () => {
    const pace = new BackgroundPace()
    for (let i = 0; i < 30; i++) pace.observe(idle)
    const free = pace.allowance()
    expect(free).toBe(Math.min(PACE_DEFAULTS.ceiling, PACE_DEFAULTS.initial + 30))
    for (let i = 0; i < 3; i++) pace.observe(busy)
    expect(pace.allowance()).toBeLessThanOrEqual(Math.ceil(free / 8))
    for (let i = 0; i < 60; i++) pace.observe(idle)
    expect(pace.allowance()).toBe(PACE_DEFAULTS.ceiling)
  })
})
