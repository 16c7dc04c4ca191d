/**
 * `npm run dev` and `npm start`: prepares what the app needs, migrates the database, then runs
 * Next.js. Without DATABASE_URI (development only) it runs an embedded PostgreSQL under `.data/`.
 */
import { fail, loadDotEnv, provideDatabase } from './lib/database'
import { runBin } from './lib/run'

const mode = process.argv[2]
if (mode !== 'dev' && mode !== 'start') fail('usage: tsx scripts/serve.ts dev|start')
if (mode === 'start') Object.assign(process.env, { NODE_ENV: 'production' })

loadDotEnv()
if (mode === 'start' && !process.env.PAYLOAD_SECRET) {
  fail('PAYLOAD_SECRET is not set. In production set it to a long random string, e.g. `openssl rand -hex 32`.')
}
if (mode === 'start' && !process.env.CREDENTIALS_KEYS?.trim()) {
  fail(
    'CREDENTIALS_KEYS is not set. In production destination credentials need their own key ring, e.g. ' +
      'CREDENTIALS_KEYS=k1:$(node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))")',
  )
}

const port = process.env.PORT || '3000'
const stopDatabase = await provideDatabase()
let code = await runBin('payload', ['migrate'])
if (code !== 0) {
  await stopDatabase()
  fail('Migrating the database failed (see above); the app was not started.')
}
process.stdout.write(`[syndicate] starting on http://localhost:${port}/admin\n`)
code = await runBin('next', [mode, '--port', port])
await stopDatabase()
process.exit(code)
