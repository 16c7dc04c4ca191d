import type { PayloadRequest } from 'payload'

import { loadSyncIntegration, syncIntegration, updateIntegration } from './syncIntegration'

/**
 * Runs one sync of one integration and records how it went on the integration: `syncStatus`
 * (running, then success or failed), `lastSyncAt` (when it started, which also schedules the next
 * one), `lastError`, `lastSyncStats` and the cursor reached. A failed sync keeps what it stored.
 */
export const runSync = async (req: PayloadRequest, integrationId: number): Promise<string> => {
  const integration = await loadSyncIntegration(req, integrationId)
  if (!integration) return 'integration gone'
  if (!integration.isActive) {
    await updateIntegration(req, integration.id, { syncStatus: 'idle' })
    return 'inactive'
  }
  const startedAt = new Date()
  await updateIntegration(req, integration.id, { syncStatus: 'running', lastError: null })
  const { stats, cursor, error } = await syncIntegration(req, integration, startedAt)
  await updateIntegration(req, integration.id, {
    syncStatus: error ? 'failed' : 'success',
    lastSyncAt: startedAt.toISOString(),
    lastError: error
      ? error.message
      : stats.errors
        ? `${stats.errors} remote item(s) could not be stored; they are tried again next time.`
        : null,
    lastSyncStats: stats,
    syncCursor: cursor,
  })
  if (error)
    req.payload.logger.warn({
      msg: 'sync failed',
      integration: integration.id,
      error: error.message,
    })
  else
    req.payload.logger.info(
      `sync of integration ${integration.id} finished in ${stats.durationMs} ms`,
    )
  return error ? 'failed' : 'synced'
}
