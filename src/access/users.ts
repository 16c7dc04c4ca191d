import type { Access, FieldAccess } from 'payload'

import { isAdmin, isSessionUser } from './roles'

/** Admins see every user; a signed-in user sees only themself; API keys and the public none. */
export const adminOrSelf: Access = ({ req: { user } }) => {
  if (!isSessionUser(user)) return false
  if (isAdmin(user)) return true
  return { id: { equals: user.id } }
}

/** Field access: only admins may set roles and site assignments. */
export const adminFieldOnly: FieldAccess = ({ req: { user } }) =>
  isSessionUser(user) && isAdmin(user)
