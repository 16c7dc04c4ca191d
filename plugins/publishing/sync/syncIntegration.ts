import type { PayloadRequest } from 'payload'

import type { PublishableCollection, RemoteItem } from '../types'
import type { SyncIntegration, SyncRun, SyncStats } from './types'

import { INTEGRATIONS } from '../defaults'
import { adapterContext, IntegrationUnusableError } from '../integrations/adapterContext'
import { recordsByRemoteId } from '../records'
import { processItem } from './processItem'
import { pushLocalChanges } from './pushLocalChanges'
import { syncedCollections } from './syncedCollections'
import { emptyStats } from './types'

export type SyncOutcome = {
  stats: SyncStats
  cursor: SyncIntegration['syncCursor']
  error: Error | null
}

/** The integration with its sync settings, straight from the database. */
export const loadSyncIntegration = async (
  req: PayloadRequest,
  id: number,
): Promise<SyncIntegration | null> => {
  const row = await req.payload.db.findOne<
    Omit<SyncIntegration, 'site'> & { site: number | { id: number } }
  >({ collection: INTEGRATIONS, where: { id: { equals: id } }, req })
  if (!row) return null
  return {
    ...row,
    site: typeof row.site === 'object' ? row.site.id : row.site,
    syncDirection: row.syncDirection ?? 'push',
    importRemoteContent: row.importRemoteContent ?? true,
    conflictPolicy: row.conflictPolicy ?? 'manual',
    syncCursor: row.syncCursor && typeof row.syncCursor === 'object' ? row.syncCursor : null,
  }
}

/** Writes sync bookkeeping on an integration: straight to the database adapter, no hooks to run. */
export const updateIntegration = (req: PayloadRequest, id: number, data: Record<string, unknown>) =>
  req.payload.db.updateOne({ collection: INTEGRATIONS, id, data, req, returning: false })

const saveCursor = (run: SyncRun, cursor: NonNullable<SyncIntegration['syncCursor']>) =>
  updateIntegration(run.req, run.integration.id, { syncCursor: cursor })

/**
 * Pulls one collection: every batch the adapter lists is stored item by item, then the cursor
 * moves to the newest change stored, never past an item that failed (it comes again next time,
 * as do the ones after it, which are recognised by hash). The cursor is saved after every batch
 * that wrote something, so a sync that dies halfway resumes where it was. Nor does it move past
 * `startedAt`: a remote may date a change in the future (WordPress gives a new scheduled post its
 * publish date as its modification time), and a cursor there would skip every edit made until then.
 */
const pullCollection = async (
  run: SyncRun,
  collection: PublishableCollection,
  cursor: NonNullable<SyncIntegration['syncCursor']>,
  startedAt: Date,
): Promise<void> => {
  const { adapter, context, req, integration } = run
  if (!adapter.listChanges) return
  let failed = false
  for await (const batch of adapter.listChanges(context, {
    collection,
    since: cursor[collection] ?? null,
  })) {
    const records = await recordsByRemoteId(
      req,
      integration.id,
      collection,
      batch.map((item) => item.remoteId),
    )
    const before = { ...run.stats }
    for (const item of batch) {
      try {
        await processItem(run, item, records.get(item.remoteId) ?? null)
        if (!failed && isLater(item, cursor[collection]))
          cursor[collection] =
            Date.parse(item.modifiedAt) > startedAt.getTime()
              ? startedAt.toISOString()
              : item.modifiedAt
      } catch (error) {
        failed = true
        run.stats.errors++
        req.payload.logger.warn({
          msg: 'sync: a remote item could not be stored',
          integration: integration.id,
          collection,
          remoteId: item.remoteId,
          err: error,
        })
      }
    }
    const wrote = (['created', 'updated', 'pushed', 'conflicts'] as const).some(
      (key) => run.stats[key] !== before[key],
    )
    if (wrote) await saveCursor(run, cursor)
  }
}

const isLater = (item: RemoteItem, since: string | undefined): boolean =>
  !since || Date.parse(item.modifiedAt) > Date.parse(since)

/**
 * One two-way sync of one integration: pulls what changed remotely since the cursor (collection by
 * collection, those of the plugin's `collections` the adapter maps), deciding per item
 * (decide.ts), then pushes local changes made since the last sync that no delivery carried.
 * Returns what it did and the cursor reached; the caller stores them. An error stops the run but
 * keeps what was stored (and the cursor saved with it).
 */
export const syncIntegration = async (
  req: PayloadRequest,
  integration: SyncIntegration,
  startedAt = new Date(),
): Promise<SyncOutcome> => {
  const stats = emptyStats()
  const cursor = { ...(integration.syncCursor ?? {}) }
  try {
    const { adapter, context } = await adapterContext(req.payload, req, integration.id)
    if (!adapter.capabilities.pull || !adapter.listChanges) {
      throw new IntegrationUnusableError(
        `The "${adapter.label}" platform cannot list remote changes, so it cannot sync.`,
      )
    }
    const run: SyncRun = { req, integration, adapter, context, stats, handled: new Set() }
    // Also with direction `push`: remote changes are then not written here, but their hashes and
    // conflicts are recorded, so that no delivery overwrites them unseen.
    for (const collection of syncedCollections(run))
      await pullCollection(run, collection, cursor, startedAt)
    if (integration.syncDirection !== 'pull') await pushLocalChanges(run)
    return {
      stats: { ...stats, durationMs: Date.now() - startedAt.getTime() },
      cursor,
      error: null,
    }
  } catch (error) {
    return {
      stats: { ...stats, durationMs: Date.now() - startedAt.getTime() },
      cursor,
      error: error instanceof Error ? error : new Error(String(error)),
    }
  }
}
