import { randomBytes } from 'crypto'
import fs from 'fs'
import path from 'path'

/** Folder for local state: the embedded PostgreSQL cluster, uploads, the generated secret. */
export const dataDir = (): string =>
  path.resolve(/* turbopackIgnore: true */ process.env.SYNDICATE_DATA_DIR || '.data')

const isProduction = (): boolean => process.env.NODE_ENV === 'production'

/**
 * The secret that signs sessions. Outside production a missing `PAYLOAD_SECRET` is generated once
 * and kept under `.data/`, so a newcomer has nothing to set and sessions survive restarts. In
 * production it must be set: `scripts/serve.ts` refuses to start without it, and Payload refuses
 * to initialise with an empty one (a build, which never initialises Payload, does not need it).
 */
export const payloadSecret = (): string => {
  const fromEnv = process.env.PAYLOAD_SECRET
  if (fromEnv) return fromEnv
  if (isProduction()) return ''
  const file = path.join(dataDir(), 'payload-secret')
  try {
    return fs.readFileSync(file, 'utf8').trim()
  } catch {
    const secret = randomBytes(32).toString('hex')
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' })
    return secret
  }
}

/** The PostgreSQL connection string; `scripts/serve.ts` sets it to the embedded cluster when unset. */
export const databaseUri = (): string => process.env.DATABASE_URI || ''

/**
 * `application_name` of the bulk child's database connections (node-postgres reads PGAPPNAME), by
 * which `npm run dev` waits for the child before it stops the embedded PostgreSQL.
 */
export const BULK_PROCESS_APP_NAME = 'syndicate-bulk'

/** The port the app listens on: `PORT`, as Next reads it; 3000 when unset. */
export const listenPort = (): string => process.env.PORT || '3000'

/**
 * The app's public address. `SERVER_URL` when set (behind a proxy, the address people use);
 * otherwise the address this process listens on, so links and media URLs work on any `PORT`.
 */
export const serverUrl = (): string =>
  (process.env.SERVER_URL || `http://localhost:${listenPort()}`).replace(/\/+$/, '')
