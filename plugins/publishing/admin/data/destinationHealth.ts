import type { Payload, TypedUser } from 'payload'

import { INTEGRATIONS, RECORDS } from '../../defaults'
import { relatedId } from '../../utilities/related'
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

export type IntegrationRow = {
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
 * conflicting copies. Read with the user's access. A caller that has already read the sites'
 * integrations (depth 0, sorted by name) passes them in.
 */
export const destinationHealth = async (
  payload: Payload,
  user: TypedUser | null | undefined,
  sites: number[],
  loaded?: IntegrationRow[],
): Promise<DestinationHealth[]> => {
  if (!sites.length) return []
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0 } as const
  const integrations =
    loaded ??
    ((
      await payload.find({
        collection: INTEGRATIONS,
        where: { site: { in: sites } },
        sort: 'name',
        limit: 0,
        ...asUser,
      })
    ).docs as unknown as IntegrationRow[])
  if (!integrations.length) return []
  // The failed and conflicting copies of all these integrations in one read, tallied here.
  const [troubled, lasts] = await Promise.all([
    payload.find({
      collection: RECORDS,
      where: {
        integration: { in: integrations.map((i) => i.id) },
        status: { in: ['failed', 'conflict'] },
      },
      limit: 0,
      select: { integration: true, status: true },
      ...asUser,
    }),
    Promise.all(
      integrations.map((integration) =>
        payload.find({
          collection: RECORDS,
          where: { integration: { equals: integration.id }, lastAttemptAt: { exists: true } },
          sort: '-lastAttemptAt',
          limit: 1,
          select: { lastAttemptAt: true },
          ...asUser,
        }),
      ),
    ),
  ])
  const tally = new Map<number, { failures: number; conflicts: number }>()
  for (const record of troubled.docs as unknown as {
    integration: number | { id: number }
    status: string
  }[]) {
    const id = relatedId(record.integration)
    if (id === null) continue
    const counts = tally.get(id) ?? { failures: 0, conflicts: 0 }
    if (record.status === 'failed') counts.failures += 1
    else counts.conflicts += 1
    tally.set(id, counts)
  }
  return integrations.map((integration, i) => {
    const { failures, conflicts } = tally.get(integration.id) ?? { failures: 0, conflicts: 0 }
    return {
      id: integration.id,
      name: integration.name,
      platform: integration.platform,
      site: relatedId(integration.site) as number,
      health: integrationHealth({ ...integration, failures }),
      lastDeliveryAt:
        (lasts[i].docs[0] as { lastAttemptAt?: string } | undefined)?.lastAttemptAt ?? null,
      failures,
      conflicts,
      lastSyncAt: integration.lastSyncAt ?? null,
      lastError: integration.lastError ?? null,
    }
  })
}
