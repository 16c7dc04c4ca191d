import type { Endpoint } from 'payload'

import { isAdmin, isApiKeyUser } from '@/access/roles'

import { runtimeOf } from './runtime'

/** `GET /api/read-cache`: this process's cache figures, for admins signed in with a session. */
export const readCacheStatsEndpoint: Endpoint = {
  path: '/read-cache',
  method: 'get',
  handler: async (req) => {
    if (!req.user)
      return Response.json(
        { message: 'Sign in as an admin to see the read cache figures.' },
        { status: 401, headers: { 'Cache-Control': 'no-store' } },
      )
    if (!isAdmin(req.user) || isApiKeyUser(req.user))
      return Response.json(
        { message: 'Only admins signed in with a session may see the read cache figures.' },
        { status: 403, headers: { 'Cache-Control': 'no-store' } },
      )
    const runtime = runtimeOf(req.payload)
    const stats = runtime?.store.stats() ?? { enabled: false }
    return Response.json(stats, { headers: { 'Cache-Control': 'no-store' } })
  },
}
