import { BULK_PROCESS_APP_NAME } from '../../src/config/env'
import { queryOn } from './postgres'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Waits, at most `withinMs`, until no bulk child (the app runner's child process that runs
 * "publish everything", src/config/publishing.ts) holds a connection to the database at `uri`.
 * Ctrl+C reaches the child with the rest of the terminal's process group; it finishes its
 * deliveries in flight before it exits, and outlives Next to do so: the embedded PostgreSQL must
 * wait for it. An unreachable database has nothing to wait for.
 */
export const waitForBulkProcess = async (uri: string, withinMs: number): Promise<void> => {
  const deadline = Date.now() + withinMs
  while (Date.now() < deadline) {
    const connected = await queryOn<{ n: number }>(
      uri,
      'select count(*)::int as n from pg_stat_activity where application_name = $1',
      [BULK_PROCESS_APP_NAME],
    ).then(
      ({ rows }) => rows[0]?.n ?? 0,
      () => 0,
    )
    if (connected === 0) return
    await sleep(200)
  }
}
