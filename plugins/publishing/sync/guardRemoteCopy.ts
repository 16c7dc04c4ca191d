import type { PayloadRequest } from 'payload'

import type { PublishingRecord } from '../records'
import type { AdapterContext, AnyDestinationAdapter, PublishResult, RemoteRef } from '../types'

import { remoteHash, updateRecord } from '../records'
import { deletedVersion, toRemoteVersion } from './remoteVersion'
import { resolveConflict } from './resolveConflict'
import { loadSyncIntegration } from './syncIntegration'

type GuardedRecord = Pick<
  PublishingRecord,
  'id' | 'integration' | 'documentCollection' | 'remoteHash' | 'remoteState'
>

/**
 * The publish path's conflict guard. Before a delivery updates a remote copy, it reads the copy
 * (adapters with `pull`) and compares it with what the record last saw (`remoteHash`). If someone
 * changed it at the destination since, or trashed or deleted it, the delivery stops: the record
 * becomes a `conflict` holding the remote version, and nothing is overwritten. The integration's
 * conflict policy settles an edited (not removed) copy at once, as sync would: `prefer-local` lets
 * the delivery overwrite it, `prefer-remote` writes the remote version into the local document
 * (not delivered back), unless the sync direction forbids that side. Returns whether the delivery
 * may go on. Records that never saw a remote hash (older copies, adapters without
 * `pull`) are not guarded; a record resolved in favour of the local side says `present`.
 */
export const guardRemoteCopy = async (
  req: PayloadRequest,
  {
    adapter,
    context,
    record,
    remote,
  }: {
    adapter: AnyDestinationAdapter
    context: AdapterContext<Record<string, unknown>, Record<string, unknown>>
    record: GuardedRecord
    remote: RemoteRef | null
  },
): Promise<boolean> => {
  if (!remote || !record.remoteHash || !adapter.capabilities.pull || !adapter.getRemote) return true
  const current = await adapter.getRemote(context, {
    collection: record.documentCollection,
    remoteId: remote.id,
  })
  if (
    current &&
    remoteHash(current) === record.remoteHash &&
    (!current.removed || record.remoteState === 'present')
  )
    return true
  const state = current ? (current.removed ?? 'present') : 'deleted'
  const integration =
    state === 'present' ? await loadSyncIntegration(req, record.integration) : null
  if (integration?.conflictPolicy === 'prefer-local' && integration.syncDirection !== 'pull')
    return true
  await updateRecord(req, record.id, {
    status: 'conflict',
    remoteState: state,
    remoteVersion: current ? toRemoteVersion(current) : deletedVersion(),
    lastError:
      state === 'present'
        ? 'The remote copy was changed at the destination since it was last synced: choose which version to keep.'
        : `The remote copy was ${state} at the destination: keep the local version to restore it, or the remote one to leave it.`,
  })
  req.payload.logger.info({
    msg: 'delivery stopped: the remote copy changed since it was last seen',
    record: record.id,
  })
  if (integration?.conflictPolicy === 'prefer-remote' && integration.syncDirection !== 'push') {
    await resolveConflict(req, record.id, 'remote')
  }
  return false
}

/** What a record stores about the remote side after a delivery: the hash of the copy as written. */
export const remoteSideAfterPublish = (result: PublishResult) => ({
  remoteHash: result.item ? remoteHash(result.item) : null,
  remoteState: 'present' as const,
  remoteVersion: null,
})
