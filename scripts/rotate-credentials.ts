/**
 * `npm run credentials:rotate`: re-encrypts every integration's credentials under the first key
 * of CREDENTIALS_KEYS. Put the new key first, keep the old ones after it, run this, then remove
 * the old keys. Exits non-zero if any integration could not be re-encrypted.
 */
import { loadDotEnv, provideDatabase } from './lib/database'
import { releasePool } from './lib/releasePool'

loadDotEnv()
process.env.JOBS_RUNNER = 'false'
const stopDatabase = await provideDatabase()
const { getPayload } = await import('payload')
const { default: config } = await import('../payload.config')
const { rotateCredentials } = await import('../plugins/publishing/credentials/rotateCredentials')
const payload = await getPayload({ config })
const report = await rotateCredentials(payload)
releasePool(payload)
await stopDatabase()
process.stdout.write(
  `[syndicate] credentials: ${report.rotated} re-encrypted, ${report.current} already under the first key, ${report.failed.length} failed\n`,
)
for (const failure of report.failed) {
  process.stderr.write(`[syndicate]   integration ${failure.id} "${failure.name}": ${failure.reason}\n`)
}
process.exit(report.failed.length ? 1 : 0)
