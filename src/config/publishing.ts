import path from 'path'

import type { PublishingPluginOptions } from '@plugins/publishing/exports/server'

import { assignedSiteIds, isAdmin, isApiKeyUser, isSessionUser } from '@/access/roles'

import { BULK_PROCESS_APP_NAME, serverUrl } from './env'

const numbers = (value: string | undefined): number[] | undefined => {
  if (!value) return undefined
  const list = value.split(',').map((part) => Number(part.trim()))
  if (list.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new Error(
      `PUBLISHING_RETRY_DELAYS_MS must be comma-separated milliseconds, got "${value}"`,
    )
  }
  return list
}

/**
 * The app's bulk child: scripts/worker.ts with `--bulk-only`, started the way package.json starts scripts
 * (plain Node through scripts/run.mjs), from the folder the app runs in. `BULK_PROCESS=off` turns
 * it off (the runs' deliveries are then paced in the app process); off by default under jest
 * (NODE_ENV=test), where `BULK_PROCESS=on` turns it on. Where scripts/ is missing (Docker's
 * standalone image) the plugin finds the files absent and paces in-process. Its connections carry
 * `BULK_PROCESS_APP_NAME`, so that `npm run dev` can wait for it (scripts/serve.ts).
 */
const bulkProcess = (): PublishingPluginOptions['bulkProcess'] => {
  const setting = process.env.BULK_PROCESS ?? (process.env.NODE_ENV === 'test' ? 'off' : 'on')
  if (setting === 'off') return false
  return {
    command: process.execPath,
    args: [
      '--conditions=production',
      path.resolve(/* turbopackIgnore: true */ 'scripts/run.mjs'),
      path.resolve(/* turbopackIgnore: true */ 'scripts/worker.ts'),
      '--bulk-only',
    ],
    env: { PGAPPNAME: BULK_PROCESS_APP_NAME },
  }
}

/** The publishing platform, configured from the environment (see README). */
export const publishingOptions: PublishingPluginOptions = {
  collections: ['pages', 'posts'],
  access: {
    isAdmin: (user) => isAdmin(user) && !isApiKeyUser(user),
    sitesOf: (user) => (isSessionUser(user) ? (isAdmin(user) ? 'all' : assignedSiteIds(user)) : []),
  },
  runner: process.env.JOBS_RUNNER !== 'false',
  retryDelaysMs: numbers(process.env.PUBLISHING_RETRY_DELAYS_MS),
  leaseMs: process.env.JOBS_LEASE_SECONDS
    ? Number(process.env.JOBS_LEASE_SECONDS) * 1000
    : undefined,
  allowPrivateDestinations: process.env.ALLOW_PRIVATE_DESTINATIONS === 'true',
  // SERVER_URL, or the address the app listens on (PORT) when it is unset.
  serverURL: serverUrl(),
  bulkProcess: bulkProcess(),
}
