import type { Access } from 'payload'

import { isAdmin, isApiKeyUser } from './roles'

/** Only admins signed in with a session (never an API key). */
export const adminOnly: Access = ({ req: { user } }) => isAdmin(user) && !isApiKeyUser(user)
