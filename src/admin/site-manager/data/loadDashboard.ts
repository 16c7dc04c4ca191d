import type { Payload, TypedUser } from 'payload'

import { destinationHealth, type DestinationHealth } from '@plugins/publishing/admin/data/destinationHealth'
import { removalConsequences } from '@plugins/publishing/admin/data/removalConsequences'

import type { TreePage } from '../PageTree/tree'
import type { SiteSettingsValues } from '../SiteSettingsForm.client'

import { relationId } from '@/access/roles'

import { loadActivity, type ActivityRow } from './loadActivity'

export type PostRow = {
  id: number
  title: string
  status: string
  publishedAt: string | null
  updatedAt: string
  destinations: { name: string; status: string }[]
}

export type Dashboard = {
  site: { id: number; name: string; domain: string | null; siteType: string | null; hostingType: string | null }
  settings: SiteSettingsValues
  pages: TreePage[]
  removal: Record<number, string[]>
  posts: PostRow[]
  destinations: DestinationHealth[]
  activity: ActivityRow[]
  media: { id: number; label: string }[]
}

type PageDoc = { id: number; title: string; parent?: unknown; template?: string | null; _status?: string | null; _order?: string | null }
type PostDoc = { id: number; title: string; _status?: string | null; publishedAt?: string | null; updatedAt: string }

/** Everything one site's dashboard shows, read with the user's own access (drafts included). */
export const loadDashboard = async (payload: Payload, user: TypedUser | null | undefined, siteId: number): Promise<Dashboard | null> => {
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0 } as const
  const site = await payload.findByID({ collection: 'sites', id: siteId, disableErrors: true, ...asUser })
  if (!site) return null
  const ofSite = { site: { equals: siteId } }
  const [pages, posts, records, media, destinations, activity] = await Promise.all([
    payload.find({
      collection: 'pages',
      where: ofSite,
      draft: true,
      sort: '_order',
      limit: 0,
      select: { title: true, parent: true, template: true, _status: true, _order: true },
      ...asUser,
    }),
    payload.find({
      collection: 'posts',
      where: ofSite,
      draft: true,
      sort: '-updatedAt',
      limit: 50,
      select: { title: true, _status: true, publishedAt: true, updatedAt: true },
      ...asUser,
    }),
    payload.find({
      collection: 'publishing-records',
      where: { ...ofSite, documentCollection: { equals: 'posts' } },
      limit: 0,
      select: { documentId: true, integration: true, status: true },
      ...asUser,
    }),
    payload.find({ collection: 'media', where: ofSite, limit: 200, select: { alt: true, filename: true }, ...asUser }),
    destinationHealth(payload, user, [siteId]),
    loadActivity(payload, user, siteId),
  ])
  const names = new Map(destinations.map((d) => [d.id, d.name]))
  const pageDocs = pages.docs as unknown as PageDoc[]
  const removal = await removalConsequences(payload, user, siteId, 'pages', pageDocs.map((p) => ({ id: p.id, template: p.template })))
  const settings = (site.settings ?? {}) as Record<string, unknown>
  return {
    site: { id: site.id, name: site.name, domain: site.domain ?? null, siteType: site.siteType ?? null, hostingType: site.hostingType ?? null },
    settings: {
      name: site.name,
      tagline: String(settings.tagline ?? ''),
      description: String(settings.description ?? ''),
      logo: relationId(settings.logo),
      locale: String(settings.locale ?? 'en'),
      timezone: String(settings.timezone ?? 'UTC'),
      defaultTemplate: String(settings.defaultTemplate ?? 'default'),
    },
    pages: pageDocs.map((p) => ({
      id: p.id,
      title: p.title,
      parent: relationId(p.parent),
      template: p.template ?? null,
      status: p._status ?? 'draft',
      order: p._order ?? null,
    })),
    removal,
    posts: (posts.docs as unknown as PostDoc[]).map((p) => ({
      id: p.id,
      title: p.title,
      status: p._status ?? 'draft',
      publishedAt: p.publishedAt ?? null,
      updatedAt: p.updatedAt,
      destinations: records.docs
        .filter((r) => Number((r as { documentId?: number }).documentId) === p.id)
        .map((r) => {
          const integration = relationId((r as { integration?: unknown }).integration) ?? -1
          return { name: names.get(integration) ?? `#${integration}`, status: String((r as { status?: string }).status) }
        }),
    })),
    destinations,
    activity,
    media: media.docs.map((m) => ({ id: m.id, label: String((m as { alt?: string }).alt || (m as { filename?: string }).filename || `Media #${m.id}`) })),
  }
}
