import type { Access, CollectionConfig } from 'payload'

import { assignedSiteIds, isAdmin, isSessionUser } from './roles'
import { createSiteContent, readSiteContent, writeSiteContent } from './siteContent'

/** Version history of drafts: admins, and editors of the document's site. */
const readSiteVersions: Access = ({ req: { user } }) => {
  if (!isSessionUser(user)) return false
  if (isAdmin(user)) return true
  return { 'version.site': { in: assignedSiteIds(user) } }
}

/**
 * The access rules shared by every collection whose documents belong to a site.
 * `drafts` says whether the collection has drafts that the public must not see.
 */
export const siteContentAccess = ({ drafts }: { drafts: boolean }): CollectionConfig['access'] => ({
  read: readSiteContent({ drafts }),
  create: createSiteContent,
  update: writeSiteContent,
  delete: writeSiteContent,
  ...(drafts ? { readVersions: readSiteVersions } : {}),
})
