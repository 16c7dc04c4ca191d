import type { Payload, PayloadRequest } from 'payload'

import { INTEGRATIONS } from '../defaults'
import { registryOf } from '../registry'

type DueRow = {
  id: number
  platform: string
  syncIntervalMinutes?: number | null
  lastSyncAt?: string | null
}

/** The integrations whose sync is due at `now`: sync-enabled, active, pull-capable, interval elapsed. */
export const dueSyncIntegrations = async (payload: Payload, now: Date): Promise<number[]> => {
  const { docs } = await payload.db.find<DueRow>({
    collection: INTEGRATIONS,
    where: { and: [{ syncEnabled: { equals: true } }, { isActive: { equals: true } }] },
    pagination: false,
    select: { platform: true, syncIntervalMinutes: true, lastSyncAt: true },
  })
  const adapters = registryOf(payload).adapters
  return docs
    .filter((row) => {
      if (!adapters.get(row.platform)?.capabilities.pull) return false
      const interval = Math.max(1, row.syncIntervalMinutes ?? 15) * 60_000
      return !row.lastSyncAt || Date.parse(row.lastSyncAt) + interval <= now.getTime()
    })
    .map((row) => row.id)
}

/** Marks an integration's sync as queued (`syncStatus: pending`). */
export const markSyncPending = async (
  payload: Payload,
  integration: number,
  req?: PayloadRequest,
): Promise<void> => {
  await payload.db.updateOne({
    collection: INTEGRATIONS,
    id: integration,
    data: { syncStatus: 'pending' },
    req,
    returning: false,
  })
}
