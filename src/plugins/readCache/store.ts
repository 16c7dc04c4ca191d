import { LRUCache } from 'lru-cache'

/** One stored answer: the body as Payload sent it, and what the request depended on. */
export type CachedAnswer = {
  body: Buffer
  etag: string
  headers: [string, string][]
  /** The collections (and `global:<slug>`) whose change makes this answer stale. */
  dependencies: readonly string[]
  /** The store's clock when the request started, before anything was read from the database. */
  startedAt: number
}

export type ReadCacheStats = {
  enabled: boolean
  listening: boolean
  entries: number
  bytes: number
  maxBytes: number
  hits: number
  misses: number
  stale: number
  evictions: number
  bypassed: number
  hitRate: number
}

/**
 * The answers of one app process and the generations that judge them. Every change to a
 * collection moves that collection's generation to the next tick of one clock; an answer is
 * fresh only while none of its dependencies moved after its request started. A reset (the
 * listener lost its connection, so changes may have been missed) moves every generation at once.
 */
export class ReadCacheStore {
  private clock = 0
  private resetAt = 0
  private readonly generations = new Map<string, number>()
  private readonly answers: LRUCache<string, CachedAnswer>
  /** False while changes made elsewhere could be missed: nothing is served or stored then. */
  listening = false
  readonly counts = { hits: 0, misses: 0, stale: 0, evictions: 0, bypassed: 0 }

  constructor(
    readonly maxBytes: number,
    readonly enabled = true,
  ) {
    this.answers = new LRUCache<string, CachedAnswer>({
      maxSize: maxBytes,
      sizeCalculation: (answer, key) => answerBytes(key, answer),
      dispose: (_answer, _key, reason) => {
        if (reason === 'evict') this.counts.evictions++
      },
    })
  }

  /** The clock now: take it before reading the database, store the answer with it. */
  now(): number {
    return this.clock
  }

  changed(dependencies: Iterable<string>): void {
    const tick = ++this.clock
    for (const dependency of dependencies) this.generations.set(dependency, tick)
  }

  reset(): void {
    this.resetAt = ++this.clock
    this.answers.clear()
  }

  /** Whether any of `dependencies` changed (or everything was reset) after the clock read `at`. */
  changedSince(dependencies: readonly string[], at: number): boolean {
    if (this.resetAt > at) return true
    return dependencies.some((dependency) => (this.generations.get(dependency) ?? 0) > at)
  }

  private fresh(answer: CachedAnswer): boolean {
    return !this.changedSince(answer.dependencies, answer.startedAt)
  }

  /**
   * The fresh answer kept under `key`, counted as a hit; a miss is counted too unless
   * `countMiss` is false (the proxy looks first, and the route that answers a miss counts it).
   */
  get(key: string, { countMiss = true }: { countMiss?: boolean } = {}): CachedAnswer | undefined {
    const answer = this.answers.get(key)
    if (answer && this.fresh(answer)) {
      this.counts.hits++
      return answer
    }
    if (answer) {
      this.answers.delete(key)
      this.counts.stale++
    }
    if (countMiss) this.counts.misses++
    return undefined
  }

  set(key: string, answer: CachedAnswer): void {
    // An answer bigger than the whole bound would empty the cache for nothing.
    if (!this.fresh(answer) || answerBytes(key, answer) > this.maxBytes) return
    this.answers.set(key, answer)
  }

  stats(): ReadCacheStats {
    const { hits, misses } = this.counts
    return {
      enabled: this.enabled,
      listening: this.listening,
      entries: this.answers.size,
      bytes: this.answers.calculatedSize,
      maxBytes: this.maxBytes,
      ...this.counts,
      hitRate: hits + misses ? hits / (hits + misses) : 0,
    }
  }
}

/** What an answer costs in memory: its body, key and headers, plus a fixed allowance for the rest. */
const answerBytes = (key: string, answer: CachedAnswer): number =>
  answer.body.byteLength +
  key.length * 2 +
  answer.headers.reduce((sum, [name, value]) => sum + (name.length + value.length) * 2, 0) +
  256
