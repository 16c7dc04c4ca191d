/** Drops the run's databases and stops the embedded PostgreSQL, if one was started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__syndicateTestCleanup?.()
}
