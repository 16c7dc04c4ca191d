/**
 * The Payload CLI against the app's database: the embedded PostgreSQL when DATABASE_URI is unset.
 * `npm run payload -- <command>`, e.g. `npm run migrate:create -- add-widgets`.
 */
import { loadDotEnv, provideDatabase } from './lib/database'
import { runBin } from './lib/run'

loadDotEnv()
const stopDatabase = await provideDatabase()
const code = await runBin('payload', process.argv.slice(2))
await stopDatabase()
process.exit(code)
