import type { Plugin } from 'payload'

import { registerAdapter } from '@plugins/publishing/exports/server'

import { webhookAdapter } from './adapter'

export { webhookAdapter } from './adapter'
export { sign, verifySignature } from './sign'

/** The webhook destination (platform `webhook`). List it after `publishingPlugin()`. */
export const webhookAdapterPlugin = (): Plugin => registerAdapter(webhookAdapter)
