import type { Access, Where } from 'payload'

import { assignedSiteIds, isAdmin, isApiKeyUser, isSessionUser } from './roles'

const publishedOnly: Where = { _status: { equals: 'published' } }

/**
 * Read access for content that belongs to a site (pages, posts, media, taxonomies).
 *
 * Everyone may read what is public (published pages and posts; all media and taxonomies).
 * Editors may also read everything, drafts included, of the sites they are assigned to; signing
 * in never shows less than the public sees. Admins read everything.
 */
export const readSiteContent =
  ({ drafts }: { drafts: boolean }): Access =>
  ({ req: { user } }) => {
    if (isAdmin(user) && !isApiKeyUser(user)) return true
    if (!drafts) return true
    if (isSessionUser(user)) {
      return { or: [{ site: { in: assignedSiteIds(user) } }, publishedOnly] }
    }
    return publishedOnly
  }

/**
 * Create access: admins, and editors assigned to at least one site. Which site the new document
 * may belong to is checked by the `restrictToAssignedSites` hook, which sees the data.
 */
export const createSiteContent: Access = ({ req: { user } }) => {
  if (!isSessionUser(user)) return false
  return isAdmin(user) || assignedSiteIds(user).length > 0
}

/** Update and delete access: admins, and editors for documents of their sites. */
export const writeSiteContent: Access = ({ req: { user } }) => {
  if (!isSessionUser(user)) return false
  if (isAdmin(user)) return true
  return { site: { in: assignedSiteIds(user) } }
}
