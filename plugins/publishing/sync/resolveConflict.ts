import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { adapterContext } from '../integrations/adapterContext'
import { findRecord, updateRecord } from '../records'
import { inTransaction } from '../utilities/inTransaction'
import { badRequest } from '../utilities/requests'
import { localHash } from './localHash'
import { pulledStatus, pushLocal, writeLocal } from './processItem'
import { storedRemoteItem } from './remoteVersion'
import { loadSyncIntegration } from './syncIntegration'
import { emptyStats } from './types'

/**
 * Settles a record in conflict. `local`: the guard is told the remote side was seen (its hash, or
 * for a trashed or deleted copy that it is to be restored) and the local document is delivered.
 * `remote`: the stored remote version is written into the local document without delivering it
 * back; for a trashed or deleted copy the local document is left alone and the record says the copy
 * is gone.
 */
export const resolveConflict = async (
  req: PayloadRequest,
  recordId: number,
  keep: 'local' | 'remote',
): Promise<{ queued: boolean; message: string }> => {
  const record = await findRecord(req, recordId)
  if (!record)
    throw new APIError(`Publishing record ${recordId} does not exist.`, 404, undefined, true)
  const doc = await req.payload.db.findOne<{
    id: number
    _status?: string | null
    title?: string | null
    slug?: string | null
  }>({
    collection: record.documentCollection,
    where: { id: { equals: record.documentId } },
    req,
  })
  if (!doc)
    throw badRequest('The local document of this record was deleted: there is nothing to resolve.')
  const integration = await loadSyncIntegration(req, record.integration)
  if (!integration) throw badRequest('The integration of this record was deleted.')
  const item = storedRemoteItem(record.remoteVersion)
  const { adapter, context } = await adapterContext(req.payload, req, integration.id)
  const run = {
    req,
    integration,
    adapter,
    context,
    stats: emptyStats(),
    handled: new Set<number>(),
  }

  if (keep === 'local') {
    if (doc._status !== 'published')
      throw badRequest(
        'The local document is not published: publish it, then keep the local version.',
      )
    await inTransaction(req, async () => {
      await updateRecord(req, record.id, {
        remoteHash: null,
        remoteState: 'present',
        remoteVersion: null,
        lastError: null,
      })
      await pushLocal(run, record, doc, item && !item.removed ? item : null)
    })
    return { queued: true, message: 'The local version is being delivered over the remote copy.' }
  }

  if (!item || item.removed) {
    const hash =
      doc._status === 'published'
        ? await localHash(req, {
            collection: record.documentCollection,
            id: doc.id,
            integration: integration.id,
            remoteStatus: record.pending?.remoteStatus ?? 'publish',
          })
        : record.contentHash
    await updateRecord(req, record.id, {
      status: 'unpublished',
      contentHash: hash,
      remoteVersion: null,
      lastError: null,
    })
    return {
      queued: false,
      message: `The remote copy stays ${item ? 'in the trash' : 'deleted'}; the local document is unchanged.`,
    }
  }
  await writeLocal(run, item, { existing: doc, record, status: pulledStatus(item, record, doc) })
  return { queued: false, message: 'The remote version was written into the local document.' }
}
