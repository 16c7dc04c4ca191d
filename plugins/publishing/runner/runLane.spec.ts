import type { Payload } from 'payload'

import type { ClaimedJob } from '../queue'

import { runLane, type Lane } from './runLane'

const fakePayload = () => ({ logger: { warn: () => {} } }) as unknown as Payload

const job = (id: number): ClaimedJob<number> => ({
  id,
  input: id,
  total_tried: 0,
  updated_at: new Date(),
})

/** A queue of `size` jobs that take `ms` each, and what the lane did with it. */
const queue = (size: number, ms = 5) => {
  const waiting = Array.from({ length: size }, (_, i) => job(i + 1))
  const seen = { running: 0, peak: 0, ran: [] as number[], asked: [] as number[] }
  const lane = (overrides: Partial<Lane<number>> = {}): Lane<number> => ({
    name: 'test',
    limit: 10,
    claim: async (limit) => {
      seen.asked.push(limit)
      return waiting.splice(0, limit)
    },
    run: async ({ input }) => {
      seen.running++
      seen.peak = Math.max(seen.peak, seen.running)
      await new Promise((resolve) => setTimeout(resolve, ms))
      seen.ran.push(input)
      seen.running--
    },
    ...overrides,
  })
  return { waiting, seen, lane }
}

describe('runLane', () => {
  it('refills while claims come back full and drains the backlog', async () => {
    const { seen, lane, waiting } = queue(25)
    const result = await runLane(fakePayload(), lane())
    await result.settled
    expect(seen.ran).toHaveLength(25)
    expect(waiting).toHaveLength(0)
    expect(seen.peak).toBeLessThanOrEqual(10)
  })

  it('runs no more at once than the allowance, read at every claim', async () => {
    const { seen, lane } = queue(30)
    let allowance = 3
    const result = await runLane(fakePayload(), lane({ allowance: () => allowance }))
    expect(seen.asked[0]).toBe(3)
    allowance = 6
    await result.settled
    expect(seen.ran).toHaveLength(30)
    expect(seen.peak).toBeLessThanOrEqual(6)
    expect(Math.max(...seen.asked)).toBeGreaterThan(3)
  })

  it('stops at `cap` in all, refills included, however small each claim', async () => {
    const { seen, lane, waiting } = queue(30)
    const result = await runLane(fakePayload(), lane({ limit: 2, allowance: () => 1 }), { cap: 2 })
    await result.settled
    expect(result.claimed()).toBe(2)
    expect(seen.ran).toEqual([1, 2])
    expect(waiting).toHaveLength(28)
  })

  it('claims nothing with a limit of 0', async () => {
    const { seen, lane } = queue(5)
    const result = await runLane(fakePayload(), lane({ limit: 0 }), { cap: 0 })
    await result.settled
    expect(seen.ran).toEqual([])
    expect(result.claimed()).toBe(0)
  })

  it('counts a claim still under way as busy: an overlapping claim does not double the lane', async () => {
    const payload = fakePayload()
    const { seen, lane } = queue(20, 20)
    let answer: () => void = () => {}
    const gate = new Promise<void>((resolve) => (answer = resolve))
    const base = lane({ limit: 4 })
    const slow = { ...base, claim: async (limit: number) => (await gate, base.claim(limit)) }
    // A tick's claim is slow to answer; the next tick claims meanwhile.
    const first = runLane(payload, slow)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const second = await runLane(payload, base)
    answer()
    const [a, b] = [await first, second]
    await Promise.all([a.settled, b.settled])
    // The second found no room: the first claim's answer was the lane's whole limit.
    expect(seen.asked[0]).toBe(4)
    expect(seen.peak).toBeLessThanOrEqual(4)
    expect(seen.ran).toHaveLength(20)
  })
})
