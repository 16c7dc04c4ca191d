/**
 * `deployChange`: deliveries of one site waiting on its lock in one process are deployed as one
 * batch; when the batch fails, every delivery of it fails with the batch's error (each is then
 * retried by the platform as usual) and the next delivery starts a batch of its own.
 */
import { PublishingError } from '@plugins/publishing/exports/server'

import { deployChange } from './adapter'

/** A lock of this process only, as `withSiteLock` queues a process's waiters. */
const mutex = () => {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>): Promise<T> => {
    const run = tail.then(work, work)
    tail = run.catch(() => undefined)
    return run
  }
}

test('a failed batch fails every delivery of it with its error; the next one starts afresh', async () => {
  let reads = 0
  const context = {
    config: {},
    credentials: {},
    integration: { id: 4242, name: 'Hosted', site: 1 },
    fetch: () => Promise.reject(new Error('no network')),
    logger: { info: () => {}, warn: () => {} },
    readSite: async () => {
      reads++
      // Let the other deliveries queue up behind the lock meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 20))
      throw new PublishingError('The database went away.', { retryable: true })
    },
    withSiteLock: mutex(),
  }
  const change = (id: number) => ({ collection: 'posts', id, document: null })
  const results = await Promise.allSettled(
    [1, 2, 3, 4].map((id) => deployChange(context, change(id))),
  )
  expect(results.map((result) => result.status)).toEqual(Array(4).fill('rejected'))
  for (const result of results)
    expect((result as PromiseRejectedResult).reason.message).toBe('The database went away.')
  // All four queued before the lock was had: one batch, one attempt.
  expect(reads).toBe(1)
  await expect(deployChange(context, change(5))).rejects.toThrow('The database went away.')
  expect(reads).toBe(2)
})
