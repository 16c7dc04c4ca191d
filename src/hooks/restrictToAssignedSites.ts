import type { CollectionBeforeValidateHook } from 'payload'

import { APIError } from 'payload'

import { assignedSiteIds, isAdmin, isSessionUser, relationId } from '@/access/roles'

/**
 * Editors may only put content into the sites they are assigned to, on create and when moving a
 * document to another site. Access functions cannot see the incoming data for that, so it is
 * checked here, before validation.
 */
export const restrictToAssignedSites: CollectionBeforeValidateHook = ({ data, originalDoc, req }) => {
  const { user } = req
  if (!isSessionUser(user) || isAdmin(user)) return data
  const site = relationId(data?.site ?? originalDoc?.site)
  if (site === null) return data
  if (!assignedSiteIds(user).includes(site)) {
    throw new APIError(
      `You are not assigned to site ${site}. Ask an admin to add it to your sites.`,
      403,
      undefined,
      true,
    )
  }
  return data
}
