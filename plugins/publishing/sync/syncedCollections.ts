import type { PublishableCollection } from '../types'
import type { SyncRun } from './types'

import { mappedCollections } from '../publishable'
import { registryOf } from '../registry'

/**
 * What a sync pulls and pushes: the plugin's `collections` (in their order) that the integration's
 * adapter maps. The others are skipped: the adapter was never asked to hold them.
 */
export const syncedCollections = (run: Pick<SyncRun, 'req' | 'adapter'>): PublishableCollection[] =>
  mappedCollections(run.adapter, registryOf(run.req.payload).options.collections)
