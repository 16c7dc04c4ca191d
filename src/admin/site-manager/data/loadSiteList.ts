import type { Payload, TypedUser } from 'payload'

import { destinationHealth, type DestinationHealth } from '@plugins/publishing/exports/server'

import { manageableSitesWhere } from './manageableSites'

export type SiteRow = {
  id: number
  name: string
  domain: string | null
  siteType: string | null
  hostingType: string | null
  pages: number
  posts: number
  destinations: DestinationHealth[]
}

/** Every site the user manages, with its counts and its destinations' health. */
export const loadSiteList = async (
  payload: Payload,
  user: TypedUser | null | undefined,
): Promise<SiteRow[]> => {
  const where = manageableSitesWhere(user)
  if (where === false) return []
  const asUser = { overrideAccess: false, user: user ?? undefined } as const
  const { docs } = await payload.find({
    collection: 'sites',
    where,
    sort: 'name',
    limit: 0,
    depth: 0,
    select: { name: true, domain: true, siteType: true, hostingType: true },
    ...asUser,
  })
  const health = await destinationHealth(
    payload,
    user,
    docs.map((s) => s.id),
  )
  return Promise.all(
    docs.map(async (site) => {
      const ofSite = { site: { equals: site.id } }
      const [pages, posts] = await Promise.all([
        payload.count({ collection: 'pages', where: ofSite, ...asUser }),
        payload.count({ collection: 'posts', where: ofSite, ...asUser }),
      ])
      return {
        id: site.id,
        name: site.name,
        domain: site.domain ?? null,
        siteType: site.siteType ?? null,
        hostingType: site.hostingType ?? null,
        pages: pages.totalDocs,
        posts: posts.totalDocs,
        destinations: health.filter((d) => d.site === site.id),
      }
    }),
  )
}
