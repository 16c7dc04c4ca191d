import type { ConflictPolicy } from '../defaults'

/** What a sync does with one remote item that has a record (a linked copy). */
export type SyncAction =
  /** Nothing changed on either side (or our own write came back). */
  | 'none'
  /** Only the remote changed: write it into the local document, not delivered back. */
  | 'pull'
  /** Only the local document changed: deliver it. */
  | 'push'
  /** Both changed: keep both, the record waits for a decision. */
  | 'conflict'
  /** The remote copy was trashed or deleted: the record says so, the local document is left alone. */
  | 'mark-removed'
  /** A record already in conflict: keep its remote side current, decide nothing. */
  | 'refresh-conflict'

export type SyncFacts = {
  /** Hash of the remote item now, and as the record last saw it (null: never recorded). */
  remoteHash: string
  lastRemoteHash: string | null
  /** When the record knows no remote hash: does the remote's modification time match the record's? */
  sameModifiedAt: boolean
  /** Hash of the local document now, and as last pushed or pulled (null: never). */
  localHash: string | null
  lastLocalHash: string | null
  /** The record's status: a delivery queued or running counts as a local change. */
  recordStatus: string
  removed: boolean
  policy: ConflictPolicy
  /** The integration's direction: `push` never writes local documents, `pull` never delivers. */
  direction: 'push' | 'pull' | 'both'
}

const PENDING_DELIVERY = new Set(['queued', 'publishing', 'failed'])

/**
 * The decision table of two-way sync. "Changed" means "hash differs from what was last pushed or
 * pulled", never a timestamp, so an item we wrote ourselves comes back as unchanged. Records that
 * predate remote hashes fall back to the modification time once and then carry a hash.
 */
export const decide = (facts: SyncFacts): SyncAction => {
  const remoteChanged =
    facts.lastRemoteHash === null
      ? !facts.sameModifiedAt
      : facts.remoteHash !== facts.lastRemoteHash
  if (facts.recordStatus === 'conflict') return remoteChanged ? 'refresh-conflict' : 'none'
  const localChanged =
    PENDING_DELIVERY.has(facts.recordStatus) ||
    (facts.localHash !== null && facts.localHash !== facts.lastLocalHash)
  if (facts.removed) return remoteChanged ? 'mark-removed' : 'none'
  if (remoteChanged && localChanged) {
    if (facts.policy === 'prefer-local') return facts.direction === 'pull' ? 'conflict' : 'push'
    if (facts.policy === 'prefer-remote') return facts.direction === 'push' ? 'conflict' : 'pull'
    return 'conflict'
  }
  if (remoteChanged) return facts.direction === 'push' ? 'none' : 'pull'
  if (localChanged && facts.recordStatus !== 'queued' && facts.recordStatus !== 'publishing') {
    return facts.direction === 'pull' ? 'none' : 'push'
  }
  return 'none'
}
