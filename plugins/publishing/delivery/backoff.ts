import { RETRY_JITTER } from '../defaults'

/**
 * The wait before retry number `retry` (1-based), or null when retries are used up. The remote's
 * Retry-After wins when it asks for longer. `random` is injectable for tests.
 */
export const retryDelay = (
  retry: number,
  delaysMs: number[],
  {
    retryAfterMs = null,
    random = Math.random,
  }: { retryAfterMs?: number | null; random?: () => number } = {},
): number | null => {
  const base = delaysMs[retry - 1]
  if (base === undefined) return null
  const jittered = Math.round(base * (1 + (random() * 2 - 1) * RETRY_JITTER))
  return Math.max(jittered, retryAfterMs ?? 0)
}
