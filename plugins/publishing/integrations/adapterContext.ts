import type { Payload, PayloadRequest } from 'payload'

import type { AdapterContext, AnyDestinationAdapter } from '../types'

import { CredentialsError } from '../crypto/keyRing'
import { INTEGRATIONS } from '../defaults'
import { safeFetch } from '../net/safeFetch'
import { withAdvisoryLockWait } from '../queue/advisoryLock'
import { keyRingOf, registryOf } from '../registry'
import { readOwnMedia } from './readOwnMedia'

/** First key of the per-site advisory locks (`withSiteLock`); the second is the site id. */
export const SITE_LOCK_SPACE = 0x5173

export type IntegrationRow = {
  id: number
  name: string
  site: number
  platform: string
  isActive: boolean
  config: Record<string, unknown> | null
  credentialsSealed: string | null
}

/** Why an integration cannot be used right now, in words for the record and the admin. */
export class IntegrationUnusableError extends Error {
  override name = 'IntegrationUnusableError'
}

/**
 * Runs `work` holding site `site`'s cross-process lock, the one deliveries hold
 * (`AdapterContext.withSiteLock`): for an adapter's own endpoints that change what a delivery writes.
 */
export const withSiteLock = <T>(
  payload: Payload,
  site: number,
  work: () => Promise<T>,
): Promise<T> => withAdvisoryLockWait(payload, SITE_LOCK_SPACE, site, work)

/**
 * Loads an integration with its sealed credentials (straight from the database adapter: the
 * collection's hooks strip them from every read) and builds what its adapter is called with.
 */
export const adapterContext = async (
  payload: Payload,
  req: PayloadRequest,
  integrationId: number,
): Promise<{
  adapter: AnyDestinationAdapter
  context: AdapterContext<Record<string, unknown>, Record<string, unknown>>
  integration: IntegrationRow
}> => {
  const row = await payload.db.findOne<IntegrationRow>({
    collection: INTEGRATIONS,
    where: { id: { equals: integrationId } },
    req,
  })
  if (!row) throw new IntegrationUnusableError(`Integration ${integrationId} no longer exists.`)
  const site =
    typeof row.site === 'object' && row.site !== null ? (row.site as { id: number }).id : row.site
  const registry = registryOf(payload)
  const adapter = registry.adapters.get(row.platform)
  if (!adapter) {
    throw new IntegrationUnusableError(
      `Integration "${row.name}" uses platform "${row.platform}", which no adapter registers. Add its adapter plugin to payload.config.ts.`,
    )
  }
  let credentials: Record<string, unknown> = {}
  if (row.credentialsSealed) {
    try {
      credentials = keyRingOf(payload).decrypt(row.credentialsSealed)
    } catch (error) {
      const reason =
        error instanceof CredentialsError ? error.message : 'they could not be decrypted'
      throw new IntegrationUnusableError(
        `The credentials of integration "${row.name}" cannot be used: ${reason}. Enter them again.`,
      )
    }
  }
  const allowPrivate = registry.options.allowPrivateDestinations
  const context: AdapterContext<Record<string, unknown>, Record<string, unknown>> = {
    config: row.config ?? {},
    credentials,
    integration: { id: row.id, name: row.name, site },
    fetch: (url, init = {}) => safeFetch(url, { ...init, allowPrivate }),
    logger: {
      info: (msg, fields) => payload.logger.info({ ...fields, integration: row.id, msg }),
      warn: (msg, fields) => payload.logger.warn({ ...fields, integration: row.id, msg }),
      debug: (msg, fields) => payload.logger.debug({ ...fields, integration: row.id, msg }),
    },
    readOwnMedia: readOwnMedia(payload, registry.options.serverURL),
    ...(registry.runtime.readSite && {
      readSite: (options) => registry.runtime.readSite!(payload, req, site, row.id, options),
    }),
    withSiteLock: (work) => withAdvisoryLockWait(payload, SITE_LOCK_SPACE, site, work),
  }
  return { adapter, context, integration: { ...row, site } }
}
