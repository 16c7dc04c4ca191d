import type { Payload, TypedUser } from 'payload'

import { INTEGRATIONS, RECORDS } from '../../defaults'
import { integrationHealth, type IntegrationHealth } from '../health'

export type DestinationHealth = {
  id: number
  name: string
  platform: string
  site: number
  health: IntegrationHealth
  lastDeliveryAt: string | null
  failures: number
  conflicts: number
  lastSyncAt: string | null
  lastError: string | null
}

type IntegrationRow = {
  id: number
  name: string
  platform: string
  site: number | { id: number }
  isActive?: boolean | null
  syncStatus?: string | null
  lastSyncAt?: string | null
  lastError?: string | null
}

/**
 * The destinations of some sites with their health at a glance: last delivery, failed and
 * conflicting copies. Read with the user's access.
 */
export const destinationHealth = async (payload: Payload, user: TypedUser | null | undefined, sites: number[]): Promise<DestinationHealth[]> => {
  if (!sites.length) return []
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0 } as const
  const { docs } = await payload.find({ collection: INTEGRATIONS, where: { site: { in: sites } }, sort: 'name', limit: 0, ...asUser })
  return Promise.all(
    (docs as unknown as IntegrationRow[]).map(async (integration) => {
      const ofIntegration = { integration: { equals: integration.id } }
      const [last, failures, conflicts] = await Promise.all([
        payload.find({ collection: RECORDS, where: { ...ofIntegration, lastAttemptAt: { exists: true } }, sort: '-lastAttemptAt', limit: 1, select: { lastAttemptAt: true }, ...asUser }),
        payload.count({ collection: RECORDS, where: { ...ofIntegration, status: { equals: 'failed' } }, overrideAccess: false, user: user ?? undefined }),
        payload.count({ collection: RECORDS, where: { ...ofIntegration, status: { equals: 'conflict' } }, overrideAccess: false, user: user ?? undefined }),
      ])
      return {
        id: integration.id,
        name: integration.name,
        platform: integration.platform,
        site: typeof integration.site === 'number' ? integration.site : integration.site.id,
        health: integrationHealth({ ...integration, failures: failures.totalDocs }),
        lastDeliveryAt: ((last.docs[0] as { lastAttemptAt?: string } | undefined)?.lastAttemptAt) ?? null,
        failures: failures.totalDocs,
        conflicts: conflicts.totalDocs,
        lastSyncAt: integration.lastSyncAt ?? null,
        lastError: integration.lastError ?? null,
      }
    }),
  )
}
