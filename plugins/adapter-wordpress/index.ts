import type { Plugin } from 'payload'

import { registerAdapter } from '@plugins/publishing'

import { wordpressAdapter } from './adapter'

export { wordpressAdapter } from './adapter'
export { listChanges, type ListChangesOptions } from './listChanges'
export type { WordPressConfig, WordPressCredentials } from './client'
export type { WordPressPost } from './mapping'

/** The WordPress destination (platform `wordpress`). List it after `publishingPlugin()`. */
export const wordpressAdapterPlugin = (): Plugin => registerAdapter(wordpressAdapter)
