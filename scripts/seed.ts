/**
 * `npm run seed`: demo content for local use (an admin, a blog and a corporate site). Safe to run
 * again: it only creates what is missing. Against the embedded PostgreSQL when DATABASE_URI is unset.
 */
import { seed } from '../src/seed'
import { bootPayload } from './lib/bootPayload'
import { fail, loadDotEnv } from './lib/database'

loadDotEnv()
const adminEmail = process.env.SEED_ADMIN_EMAIL || 'admin@example.com'
const adminPassword =
  process.env.SEED_ADMIN_PASSWORD ||
  (process.env.NODE_ENV === 'production' ? '' : 'syndicate-admin')
if (!adminPassword)
  fail(
    'In production set SEED_ADMIN_PASSWORD; the seed will not create an admin with a known password.',
  )

const { payload, stop } = await bootPayload({ migrate: true })
try {
  const result = await seed(payload, { adminEmail, adminPassword })
  process.stdout.write(
    `\n[syndicate] seed: ${result.created} document(s) created.\n` +
      (result.admin.password
        ? `[syndicate] admin: ${result.admin.email} / ${result.admin.password} (for local use only)\n`
        : `[syndicate] admin: ${result.admin.email} already existed; its password was left alone.\n`),
  )
} finally {
  await stop()
}
process.exit(0)
