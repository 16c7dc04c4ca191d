/**
 * `npm run migrate`: applies the committed migrations (migrations/index.ts) in this process, then
 * checks that the database records every one of them. Exits non-zero, saying why, otherwise.
 * `npm run dev` and `npm start` run it before serving. Against the embedded PostgreSQL when
 * DATABASE_URI is unset.
 */
import { bootPayload } from './lib/bootPayload'

const { stop } = await bootPayload({ migrate: true, init: false })
await stop()
process.exit(0)
