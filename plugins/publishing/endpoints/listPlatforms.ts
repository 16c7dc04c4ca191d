import type { Endpoint } from 'payload'

import { APIError } from 'payload'

import type { ResolvedPublishingOptions } from '../options'
import type { AnyDestinationAdapter } from '../types'

import { registryOf } from '../registry'

/** What the admin's platform selector needs to know about one registered adapter: its declaration. */
export type PlatformInfo = Pick<
  AnyDestinationAdapter,
  | 'platform'
  | 'label'
  | 'platformType'
  | 'description'
  | 'configFields'
  | 'credentialFields'
  | 'capabilities'
>

/**
 * `GET /api/publishing/platforms`: the registered destination platforms with their declared
 * fields, for the admin's destination screens. For admins and people who work on a site: 401
 * without a user, 403 for anyone else (e.g. an API key, which reads like the public).
 */
export const listPlatformsEndpoint = (options: ResolvedPublishingOptions): Endpoint => ({
  path: '/publishing/platforms',
  method: 'get',
  handler: (req) => {
    if (!req.user)
      throw new APIError('Sign in to see the destination platforms.', 401, undefined, true)
    const sites = options.access.sitesOf(req.user)
    if (!options.access.isAdmin(req.user) && sites !== 'all' && sites.length === 0) {
      throw new APIError(
        'Only admins and editors of a site may see the destination platforms.',
        403,
        undefined,
        true,
      )
    }
    const platforms: PlatformInfo[] = [...registryOf(req.payload).adapters.values()].map(
      (adapter) => ({
        platform: adapter.platform,
        label: adapter.label,
        platformType: adapter.platformType,
        description: adapter.description,
        configFields: adapter.configFields,
        credentialFields: adapter.credentialFields,
        capabilities: adapter.capabilities,
      }),
    )
    return Response.json({ platforms })
  },
})
