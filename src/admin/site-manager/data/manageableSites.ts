import type { TypedUser, Where } from 'payload'

import { assignedSiteIds, isAdmin, isSessionUser } from '@/access/roles'

/** Which sites a user manages: admins all of them, editors those assigned to them. */
export const manageableSitesWhere = (user: TypedUser | null | undefined): Where | false => {
  if (!isSessionUser(user)) return false
  if (isAdmin(user)) return {}
  const ids = assignedSiteIds(user)
  return ids.length ? { id: { in: ids } } : false
}

export const mayManageSite = (user: TypedUser | null | undefined, site: number): boolean => {
  if (!isSessionUser(user)) return false
  return isAdmin(user) || assignedSiteIds(user).includes(site)
}
