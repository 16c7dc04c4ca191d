import type { CollectionBeforeValidateHook, PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { assignedSiteIds, isAdmin, isSessionUser, relationId } from '@/access/roles'
import { unreadableSite } from '@plugins/publishing/exports/server'

const assertAssigned = (req: PayloadRequest, site: number): void => {
  const { user } = req
  if (!isSessionUser(user) || isAdmin(user) || assignedSiteIds(user).includes(site)) return
  throw new APIError(
    `You are not assigned to site ${site}. Ask an admin to add it to your sites.`,
    403,
    undefined,
    true,
  )
}

const assertExists = async (req: PayloadRequest, site: number): Promise<void> => {
  const { totalDocs } = await req.payload.count({
    collection: 'sites',
    where: { id: { equals: site } },
    overrideAccess: true,
    req,
  })
  if (totalDocs === 0) throw new APIError(`There is no site ${site}.`, 400, undefined, true)
}

/**
 * Every document belongs to exactly one site, read in one way: the site given on create, or on
 * any save that names one (moving a document, drafts included), must be a readable site id
 * (see `readId`); it is stored as the number that was checked. Editors may only put content into
 * the sites they are assigned to. Access functions cannot see the incoming data for that, so it
 * is checked here, before validation, which drafts skip.
 */
export const restrictToAssignedSites: CollectionBeforeValidateHook = async ({
  data,
  operation,
  originalDoc,
  req,
}) => {
  const incoming = data ?? {}
  const named = operation === 'create' || incoming.site !== undefined
  const site = relationId(named ? incoming.site : originalDoc?.site, 'sites')
  if (site === null) throw unreadableSite(incoming.site)
  assertAssigned(req, site)
  if (!named) return data
  // After the editor check, so that editors learn nothing about sites that are not theirs.
  if (site !== relationId(originalDoc?.site, 'sites')) await assertExists(req, site)
  return { ...incoming, site }
}
