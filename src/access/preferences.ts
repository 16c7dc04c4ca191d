import type { Access, Endpoint, Where } from 'payload'

import { APIError } from 'payload'

import { isSessionUser } from './roles'

export const PREFERENCES = 'payload-preferences' as const

/**
 * Admin preferences (column choices, open groups) belong to the person who set them: a signed-in
 * person reaches only their own, API keys and the public none. Payload's default already limits a
 * user to their own rows; this also keeps headless consumers out, since an API key writes nothing.
 */
export const ownPreferences: Access = ({ req: { user } }) => {
  if (!isSessionUser(user)) return false
  const own: Where[] = [
    { 'user.value': { equals: user.id } },
    { 'user.relationTo': { equals: user.collection } },
  ]
  return { and: own }
}

/** Creating a preference: people signed in to the admin (Payload sets its owner to them). */
export const sessionsOnly: Access = ({ req: { user } }) => isSessionUser(user)

/** Payload's `/api/payload-preferences/:key` endpoints check only that someone is signed in. */
export const forSessionsOnly = (endpoint: Endpoint): Endpoint => ({
  ...endpoint,
  handler: (req) => {
    if (!isSessionUser(req.user)) {
      throw new APIError(
        'Preferences belong to people signed in to the admin.',
        403,
        undefined,
        true,
      )
    }
    return endpoint.handler(req)
  },
})
