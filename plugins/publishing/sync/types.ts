import type { PayloadRequest } from 'payload'

import type { ConflictPolicy } from '../defaults'
import type { AdapterContext, AnyDestinationAdapter, PublishableCollection } from '../types'

/** `lastSyncStats`: what one sync did. */
export type SyncStats = {
  /** Remote changes received: listed items that differ from what the records knew, or are new. */
  pulled: number
  /** Local documents created from remote items (imports). */
  created: number
  /** Local documents updated from remote items. */
  updated: number
  /** Deliveries queued for local changes. */
  pushed: number
  /** Records that became conflicts. */
  conflicts: number
  /** Items that could not be stored (the cursor stops before the first of them). */
  errors: number
  durationMs: number
}

export const emptyStats = (): SyncStats => ({
  pulled: 0,
  created: 0,
  updated: 0,
  pushed: 0,
  conflicts: 0,
  errors: 0,
  durationMs: 0,
})

/** The integration as sync reads it. */
export type SyncIntegration = {
  id: number
  name: string
  site: number
  isActive: boolean
  syncDirection: 'push' | 'pull' | 'both'
  importRemoteContent: boolean
  conflictPolicy: ConflictPolicy
  syncCursor: Partial<Record<PublishableCollection, string>> | null
  lastSyncAt: string | null
}

/** Everything one sync run works with. */
export type SyncRun = {
  req: PayloadRequest
  integration: SyncIntegration
  adapter: AnyDestinationAdapter
  context: AdapterContext<Record<string, unknown>, Record<string, unknown>>
  stats: SyncStats
  /** Records the pull half already decided on this run: the push half leaves them alone. */
  handled: Set<number>
}
