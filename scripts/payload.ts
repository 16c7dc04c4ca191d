/**
 * The Payload CLI against the app's database: the embedded PostgreSQL when DATABASE_URI is unset.
 * `npm run payload -- <command>`, e.g. `npm run migrate:create -- add-widgets`. For applying
 * migrations use `npm run migrate`, which runs them in-process and checks the result.
 */
import { loadDotEnv, provideDatabase } from './lib/database'
import { runBin } from './lib/run'

loadDotEnv()
const stopDatabase = await provideDatabase()
// The CLI loads the config through tsx; the export condition keeps Lexical off its
// top-level-await shims there too (see scripts/run.mjs).
const nodeOptions = `${process.env.NODE_OPTIONS ?? ''} --conditions=production`.trim()
const code = await runBin('payload', process.argv.slice(2), { NODE_OPTIONS: nodeOptions })
await stopDatabase()
process.exit(code)
