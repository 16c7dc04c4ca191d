/**
 * `npm run dev` and `npm start`: prepares what the app needs, migrates the database and checks
 * that it is migrated, then runs Next.js. Without DATABASE_URI (development only) it runs an
 * embedded PostgreSQL under `.data/`. Ctrl+C or SIGTERM stops Next first, then (once the app's bulk
 * child, if one runs, has let go of it) the database.
 * `dev` runs `next dev`; `start` runs our production server (scripts/server.ts: Next through its
 * custom-server API, with read-cache hits answered in front of it) where it used to run `next start`.
 */

import { listenPort } from '../src/config/env'
import { fail, loadDotEnv, provideDatabase } from './lib/database'
import { missingMigrations } from './lib/migrationState'
import { exitCodeOf, spawnBin, spawnScript } from './lib/run'
import { stopInOrder } from './lib/stopInOrder'
import { waitForBulkProcess } from './lib/waitForBulkProcess'

const mode = process.argv[2]
if (mode !== 'dev' && mode !== 'start')
  fail('usage: node scripts/run.mjs scripts/serve.ts dev|start')
if (mode === 'start') Object.assign(process.env, { NODE_ENV: 'production' })

loadDotEnv()
if (mode === 'start' && !process.env.PAYLOAD_SECRET) {
  fail(
    'PAYLOAD_SECRET is not set. In production set it to a long random string, e.g. `openssl rand -hex 32`.',
  )
}
if (mode === 'start' && !process.env.CREDENTIALS_KEYS?.trim()) {
  fail(
    'CREDENTIALS_KEYS is not set. In production destination credentials need their own key ring, e.g. ' +
      "CREDENTIALS_KEYS=k1:$(node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\")",
  )
}

const port = listenPort()
const embedded = !process.env.DATABASE_URI
const stopEmbedded = await provideDatabase()
// The bulk child finishes its deliveries in flight (WORKER_STOP_SECONDS) before it lets go.
const stopDatabase = async () => {
  if (embedded)
    await waitForBulkProcess(
      process.env.DATABASE_URI || '',
      (Number(process.env.WORKER_STOP_SECONDS || 20) + 5) * 1000,
    )
  await stopEmbedded()
}
const stopping = stopInOrder([stopDatabase])

const migrate = spawnScript('scripts/migrate.ts')
stopping.add(migrate)
const migrated = await exitCodeOf(migrate)
if (stopping.requested()) await stopping.finished()
if (migrated !== 0) {
  await stopDatabase()
  fail('Migrating the database failed (see above); the app was not started.')
}
const missing = await missingMigrations(process.env.DATABASE_URI || '')
if (missing.length) {
  await stopDatabase()
  fail(`The database is not migrated (missing ${missing.join(', ')}); the app was not started.`)
}

process.stdout.write(`[syndicate] starting on http://localhost:${port}/admin\n`)
const next =
  mode === 'dev'
    ? spawnBin('next', [mode, '--port', port], {
        // Next's dev parent gives its server 100 ms after a signal, then SIGKILLs it; the app's
        // runner needs longer to let a delivery in flight finish.
        NEXT_EXIT_TIMEOUT_MS: '15000',
      })
    : // PORT is read there as here (listenPort); it stops as `next start` does (see server.ts).
      spawnScript('scripts/server.ts')
stopping.add(next)
const code = await exitCodeOf(next)
// Ctrl+C reaches Next too (one process group): on a busy machine Next may end before this
// process has handled its own SIGINT. An exit from a signal is that stop, not a failure.
if (code === 130) await stopping.stop('SIGINT')
if (code === 143) await stopping.stop('SIGTERM')
if (stopping.requested()) await stopping.finished()
await stopDatabase()
process.exit(code)
