import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import type { AdapterCapabilities, AdapterField, PlatformType } from '../types'

import { registryOf } from '../registry'

/** What the admin's platform selector needs to know about one registered adapter. */
export type PlatformInfo = {
  platform: string
  label: string
  platformType: PlatformType
  description: string
  configFields: AdapterField[]
  credentialFields: AdapterField[]
  capabilities: AdapterCapabilities
}

/**
 * `GET /api/publishing/platforms`: the registered destination platforms with their declared
 * fields, for the admin's "new destination" screens. Signed-in users only (401 otherwise).
 */
export const listPlatformsEndpoint = (): Endpoint => ({
  path: '/publishing/platforms',
  method: 'get',
  handler: (req) => {
    if (!req.user) throw new APIError('Sign in to see the destination platforms.', 401, undefined, true)
    const platforms: PlatformInfo[] = [...registryOf(req.payload).adapters.values()].map((adapter) => ({
      platform: adapter.platform,
      label: adapter.label,
      platformType: adapter.platformType,
      description: adapter.description,
      configFields: adapter.configFields,
      credentialFields: adapter.credentialFields,
      capabilities: adapter.capabilities,
    }))
    return Response.json({ platforms })
  },
})
