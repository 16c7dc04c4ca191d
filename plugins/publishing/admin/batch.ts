/**
 * Batches the look-ups of one render: every key asked for before the next microtask (the list
 * view's cells run their effects in one go) is loaded with a single call of `load`.
 */
export const batchLoader = <K, R>(
  load: (keys: K[]) => Promise<(key: K) => R>,
): ((key: K) => Promise<R>) => {
  let pending: { keys: Set<K>; answer: Promise<(key: K) => R> } | null = null
  return (key) => {
    if (!pending) {
      const keys = new Set<K>()
      pending = {
        keys,
        answer: Promise.resolve().then(() => {
          pending = null
          return load([...keys])
        }),
      }
    }
    pending.keys.add(key)
    return pending.answer.then((answerOf) => answerOf(key))
  }
}
