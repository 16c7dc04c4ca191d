import { memoryRateLimitStore } from './rateLimit'

const status = (currentlyAvailable: number) => ({
  maximumAvailable: 100,
  currentlyAvailable,
  restoreRate: 50,
})

describe('the Shopify bucket (in-memory store, the same arithmetic as the shared one)', () => {
  it('is unknown until Shopify answers once, then grants what it holds and says how long to wait for the rest', async () => {
    const store = memoryRateLimitStore()
    expect(await store.take('shop', 10)).toBeNull()
    await store.settle('shop', 0, 10, status(30), false)
    expect(await store.take('shop', 20)).toEqual({ granted: true, waitMs: 0 })
    const refused = await store.take('shop', 30)
    // About 10 points there, 20 missing at 50 per second: about 400 ms, and nothing was taken.
    expect(refused?.granted).toBe(false)
    expect(refused!.waitMs).toBeGreaterThan(300)
    expect(refused!.waitMs).toBeLessThanOrEqual(400)
  })

  it('gives back what an answer did not use, and takes Shopify’s word after THROTTLED', async () => {
    const store = memoryRateLimitStore()
    await store.settle('shop', 0, 0, status(100), false)
    expect((await store.take('shop', 60))?.granted).toBe(true)
    expect((await store.take('shop', 60))?.granted).toBe(false)
    // The listing cost 10 of the 60 taken: 50 come back.
    await store.settle('shop', 60, 10, status(90), false)
    expect((await store.take('shop', 60))?.granted).toBe(true)
    // Shopify says it holds 5 (someone else spent it): THROTTLED gives back 60 but no more than that.
    await store.settle('shop', 60, 0, status(5), true)
    expect((await store.take('shop', 30))?.granted).toBe(false)
  })

  it('does not refill what is in flight, and forgets a request that got no answer', async () => {
    const store = memoryRateLimitStore()
    await store.settle('shop', 0, 0, status(100), false)
    expect((await store.take('shop', 100))?.granted).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 300))
    // 15 points of refill, but Shopify may have charged the 100 already and its bucket stops at 100.
    expect((await store.take('shop', 10))?.granted).toBe(false)
    // Released, it fills again from then on.
    await store.release('shop', 100)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect((await store.take('shop', 10))?.granted).toBe(true)
  })
})
