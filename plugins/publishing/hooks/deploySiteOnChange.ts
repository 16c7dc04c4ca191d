import type { CollectionAfterChangeHook } from 'payload'

import { INTEGRATIONS, SITE_SETTINGS_FIELDS } from '../defaults'
import { insertSiteDeployJobs } from '../queue'
import { registryOf } from '../registry'
import { relatedId } from '../utilities/related'
import { SKIP_PUBLISHING } from '../utilities/skipPublishing'

/** A field's value as compared: uploads and relationships inside it by their ids. */
const comparable = (value: unknown): string =>
  JSON.stringify(value ?? null, (key, inner: unknown) =>
    key && inner && typeof inner === 'object' && !Array.isArray(inner) && 'id' in inner
      ? relatedId(inner as never)
      : inner,
  )

/**
 * Saving a site whose settings changed (what `readSite` gives adapters: name, slug, tagline,
 * description, logo, locale, time zone, domain) queues a site-level delivery, in the save's
 * transaction, for each of the site's active integrations whose adapter renders whole sites
 * (`DestinationAdapter.deploySite`): the new name is on the hosted site without waiting for the
 * next post. Other adapters copy documents, not the site, and are left alone.
 */
export const deploySiteOnChange: CollectionAfterChangeHook = async ({
  doc,
  previousDoc,
  operation,
  req,
  context,
}) => {
  if (operation !== 'update' || context[SKIP_PUBLISHING]) return doc
  const site = doc as Record<string, unknown> & { id: number }
  const before = (previousDoc ?? {}) as Record<string, unknown>
  const changed = SITE_SETTINGS_FIELDS.some(
    (field) => comparable(site[field]) !== comparable(before[field]),
  )
  if (!changed) return doc
  const platforms = [...registryOf(req.payload).adapters.values()]
    .filter((adapter) => adapter.deploySite)
    .map((adapter) => adapter.platform)
  if (!platforms.length) return doc
  const { docs } = await req.payload.find({
    collection: INTEGRATIONS,
    where: {
      site: { equals: site.id },
      isActive: { equals: true },
      platform: { in: platforms },
    },
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  await insertSiteDeployJobs(
    req,
    docs.map((integration) => integration.id as number),
  )
  return doc
}
