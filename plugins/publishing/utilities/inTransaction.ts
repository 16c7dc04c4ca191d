import type { PayloadRequest } from 'payload'

import { commitTransaction, initTransaction, killTransaction } from 'payload'

/** Runs `work` in one database transaction on `req`: every write commits, or none does. */
export const inTransaction = async <T>(req: PayloadRequest, work: () => Promise<T>): Promise<T> => {
  const shouldCommit = await initTransaction(req)
  try {
    const result = await work()
    if (shouldCommit) await commitTransaction(req)
    return result
  } catch (error) {
    if (shouldCommit) await killTransaction(req)
    throw error
  }
}
