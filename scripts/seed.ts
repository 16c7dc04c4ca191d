/**
 * `npm run seed`: demo content for local use (an admin, a blog and a corporate site). Safe to run
 * again: it only creates what is missing. Against the embedded PostgreSQL when DATABASE_URI is unset.
 */
import { fail, loadDotEnv, provideDatabase } from './lib/database'
import { releasePool } from './lib/releasePool'
import { runBin } from './lib/run'

loadDotEnv()
const adminEmail = process.env.SEED_ADMIN_EMAIL || 'admin@example.com'
const adminPassword = process.env.SEED_ADMIN_PASSWORD || (process.env.NODE_ENV === 'production' ? '' : 'syndicate-admin')
if (!adminPassword) fail('In production set SEED_ADMIN_PASSWORD; the seed will not create an admin with a known password.')

const stopDatabase = await provideDatabase()
try {
  if ((await runBin('payload', ['migrate'])) !== 0) fail('Migrating the database failed (see above).')
  const { getPayload } = await import('payload')
  const { default: config } = await import('../payload.config')
  const { seed } = await import('../src/seed')
  const payload = await getPayload({ config })
  const result = await seed(payload, { adminEmail, adminPassword })
  releasePool(payload)
  process.stdout.write(
    `\n[syndicate] seed: ${result.created} document(s) created.\n` +
      (result.admin.password
        ? `[syndicate] admin: ${result.admin.email} / ${result.admin.password} (for local use only)\n`
        : `[syndicate] admin: ${result.admin.email} already existed; its password was left alone.\n`),
  )
} finally {
  await stopDatabase()
}
process.exit(0)
