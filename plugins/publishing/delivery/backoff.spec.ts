import { retryDelay } from './backoff'

const delays = [10_000, 30_000, 120_000]

describe('retryDelay', () => {
  it('follows the schedule within the jitter', () => {
    expect(retryDelay(1, delays, { random: () => 0.5 })).toBe(10_000)
    expect(retryDelay(2, delays, { random: () => 1 })).toBe(36_000)
    expect(retryDelay(3, delays, { random: () => 0 })).toBe(96_000)
  })

  it('gives up after the last entry', () => {
    expect(retryDelay(4, delays)).toBeNull()
  })

  it('waits at least as long as Retry-After asks', () => {
    expect(retryDelay(1, delays, { retryAfterMs: 60_000, random: () => 0.5 })).toBe(60_000)
    expect(retryDelay(1, delays, { retryAfterMs: 1_000, random: () => 0.5 })).toBe(10_000)
  })
})
