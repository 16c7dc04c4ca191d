import type { Plugin } from 'payload'

import { registerAdapter } from '@plugins/publishing/exports/server'

import { wordpressAdapter } from './adapter'

export { wordpressAdapter } from './adapter'
export type { WordPressConfig, WordPressCredentials } from './client'
export { getRemote } from './getRemote'
export { listChanges } from './listChanges'
export type { WordPressPost } from './mapping'
export { toRemoteItem } from './remoteItem'

/** The WordPress destination (platform `wordpress`). List it after `publishingPlugin()`. */
export const wordpressAdapterPlugin = (): Plugin => registerAdapter(wordpressAdapter)
