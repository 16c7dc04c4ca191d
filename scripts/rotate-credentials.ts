/**
 * `npm run credentials:rotate`: re-encrypts every integration's credentials under the first key
 * of CREDENTIALS_KEYS. Put the new key first, keep the old ones after it, run this, then remove
 * the old keys. Exits non-zero if any integration could not be re-encrypted.
 */
import { rotateCredentials } from '../plugins/publishing/exports/server'
import { bootPayload } from './lib/bootPayload'

const { payload, stop } = await bootPayload()
const report = await rotateCredentials(payload)
await stop()
process.stdout.write(
  `[syndicate] credentials: ${report.rotated} re-encrypted, ${report.current} already under the first key, ${report.failed.length} failed\n`,
)
for (const failure of report.failed) {
  process.stderr.write(
    `[syndicate]   integration ${failure.id} "${failure.name}": ${failure.reason}\n`,
  )
}
process.exit(report.failed.length ? 1 : 0)
