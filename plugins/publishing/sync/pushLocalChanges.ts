import type { Where } from 'payload'

import type { SyncRun } from './types'

import { recordsOfDocuments } from '../records'
import { localHash } from './localHash'
import { pushLocal } from './processItem'
import { syncedCollections } from './syncedCollections'

/** Records whose delivery is settled: a local change on them is not on its way yet. */
const SETTLED = ['published']

/**
 * The push half: published documents of the site saved since the last sync whose content differs
 * from what their record last pushed or pulled, and that no delivery is carrying (saves made
 * without publishing, e.g. edits another integration's sync pulled in), are delivered.
 */
export const pushLocalChanges = async (run: SyncRun): Promise<void> => {
  const { req, integration } = run
  if (!integration.lastSyncAt) return // the first sync: deliveries of earlier saves went out when they were made
  for (const collection of syncedCollections(run)) {
    const where: Where = {
      and: [
        { site: { equals: integration.site } },
        { _status: { equals: 'published' } },
        { updatedAt: { greater_than: integration.lastSyncAt } },
      ],
    }
    const { docs } = await req.payload.db.find<{
      id: number
      title?: string | null
      slug?: string | null
    }>({
      collection,
      where,
      select: { title: true, slug: true },
      pagination: false,
      req,
    })
    if (docs.length === 0) continue
    const records = await recordsOfDocuments(
      req,
      integration.id,
      collection,
      docs.map((d) => d.id),
    )
    const byId = new Map(docs.map((doc) => [doc.id, doc]))
    for (const record of records) {
      // Decided on by the pull half already (with the same hash): nothing more to do.
      if (run.handled.has(record.id)) continue
      if (
        !SETTLED.includes(record.status) ||
        record.remoteState === 'trashed' ||
        record.remoteState === 'deleted'
      )
        continue
      const doc = byId.get(record.documentId)!
      const hash = await localHash(req, {
        collection,
        id: doc.id,
        integration: integration.id,
        remoteStatus: record.pending?.remoteStatus ?? 'publish',
      })
      if (hash === record.contentHash) continue
      await pushLocal(run, record, { ...doc, _status: 'published' }, null)
      run.stats.pushed++
    }
  }
}
