/**
 * The production server `npm start` runs (scripts/serve.ts spawns it where it used to spawn
 * `next start`): Next through its custom-server API, with read-cache hits answered in front of it
 * (scripts/lib/productionServer.ts). PORT as for `next start`. On SIGINT/SIGTERM it stops as
 * `next start` does: no new connections, the requests in flight finish, Next closes, then it
 * exits 130/143 (which serve.ts reads as that stop). A start that fails says why and exits 1.
 */
import { listenPort } from '../src/config/env'
import { startProductionServer } from './lib/productionServer'

const port = Number(listenPort())

let started: Awaited<ReturnType<typeof startProductionServer>>
try {
  started = await startProductionServer({ port })
} catch (error) {
  process.stderr.write(
    `\n[syndicate] The server could not start on port ${port}: ${error instanceof Error ? error.message : String(error)}\n\n`,
  )
  process.exit(1)
}
process.stdout.write(`[syndicate] ready on http://localhost:${port}/admin\n`)

let stopping = false
const stop = (signal: 'SIGINT' | 'SIGTERM') => {
  if (stopping) return
  stopping = true
  void started
    .close()
    .catch((error: unknown) => console.error(error))
    .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143))
}
process.on('SIGINT', () => stop('SIGINT'))
process.on('SIGTERM', () => stop('SIGTERM'))
