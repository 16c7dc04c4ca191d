import type { Plugin } from 'payload'

import { registerAdapter } from '@plugins/publishing/exports/server'

import { wordpressAdapter } from './adapter'

export { wordpressAdapter } from './adapter'
export { listChanges } from './listChanges'
export { getRemote } from './getRemote'
export { toRemoteItem } from './remoteItem'
export type { WordPressConfig, WordPressCredentials } from './client'
export type { WordPressPost } from './mapping'

/** The WordPress destination (platform `wordpress`). List it after `publishingPlugin()`. */
export const wordpressAdapterPlugin = (): Plugin => registerAdapter(wordpressAdapter)
