import type { Plugin } from 'payload'

import { registerAdapter } from '@plugins/publishing/exports/server'

import { sitesAdapter } from './adapter'

export { deploySite, siteInput, sitesAdapter, storeFor } from './adapter'

/** The hosted-site destination (platform `sites`). List it after `publishingPlugin()`. */
export const sitesAdapterPlugin = (): Plugin => registerAdapter(sitesAdapter)
