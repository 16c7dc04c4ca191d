import type { Access } from 'payload'

import { assignedSiteIds, isAdmin, isSessionUser } from './roles'

/** Admins, and editors for the sites they are assigned to (site settings). */
export const updateOwnSites: Access = ({ req: { user } }) => {
  if (!isSessionUser(user)) return false
  if (isAdmin(user)) return true
  return { id: { in: assignedSiteIds(user) } }
}
