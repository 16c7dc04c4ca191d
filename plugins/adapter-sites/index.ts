import type { Plugin } from 'payload'

import { registerAdapter } from '@plugins/publishing/exports/server'

import { sitesAdapter } from './adapter'
import { withRollback } from './rollback'

export { deploySite, siteInput, sitesAdapter, storeFor } from './adapter'

/**
 * The hosted-site destination (platform `sites`) and `POST /api/integrations/:id/rollback`. List it
 * after `publishingPlugin()`.
 */
export const sitesAdapterPlugin = (): Plugin => async (config) =>
  withRollback(await registerAdapter(sitesAdapter)(config))
