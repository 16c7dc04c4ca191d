import type { Payload, TypedUser } from 'payload'

import type { RuleLike } from '@plugins/publishing/exports/server'

import { relationId } from '@/access/roles'
import {
  destinationHealth,
  loadSitePublishing,
  removalConsequences,
  type DestinationHealth,
  type IntegrationRow,
  type SitePublishing,
} from '@plugins/publishing/exports/server'

import type { TreePage } from '../PageTree/tree'
import type { SiteSettingsValues } from '../SiteSettingsForm.client'

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
  site: {
    id: number
    name: string
    slug: string | null
    domain: string | null
    siteType: string | null
    hostingType: string | null
  }
  settings: SiteSettingsValues
  pages: TreePage[]
  removal: Record<number, string[]>
  posts: PostRow[]
  destinations: DestinationHealth[]
  /** The site's destinations and rules in words (the publishing settings). */
  publishing: SitePublishing
  activity: ActivityRow[]
  media: { id: number; label: string }[]
}

type PageDoc = {
  id: number
  title: string
  parent?: unknown
  template?: string | null
  _status?: string | null
  _order?: string | null
}
type PostDoc = {
  id: number
  title: string
  _status?: string | null
  publishedAt?: string | null
  updatedAt: string
}

/** Everything one site's dashboard shows, read with the user's own access (drafts included). */
export const loadDashboard = async (
  payload: Payload,
  user: TypedUser | null | undefined,
  siteId: number,
): Promise<Dashboard | null> => {
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0 } as const
  const site = await payload.findByID({
    collection: 'sites',
    id: siteId,
    disableErrors: true,
    ...asUser,
  })
  if (!site) return null
  const ofSite = { site: { equals: siteId } }
  // The site's integrations and rules, read once for the health, the settings, the removal
  // sentences and the activity.
  const setup = Promise.all([
    payload
      .find({ collection: 'integrations', where: ofSite, sort: 'name', limit: 0, ...asUser })
      .then((found) => found.docs as unknown as IntegrationRow[]),
    payload
      .find({ collection: 'publishing-rules', where: ofSite, sort: 'id', limit: 0, ...asUser })
      .then((found) => found.docs as unknown as RuleLike[]),
  ])
  const pagesFound = payload.find({
    collection: 'pages',
    where: ofSite,
    draft: true,
    sort: '_order',
    limit: 0,
    select: { title: true, parent: true, template: true, _status: true, _order: true },
    ...asUser,
  })
  const postsFound = payload.find({
    collection: 'posts',
    where: ofSite,
    draft: true,
    sort: '-updatedAt',
    limit: 50,
    select: { title: true, _status: true, publishedAt: true, updatedAt: true },
    ...asUser,
  })
  // The copies of the posts shown, not of every post of the site.
  const postRecords = postsFound.then(async (shown) =>
    shown.docs.length
      ? payload.find({
          collection: 'publishing-records',
          where: {
            ...ofSite,
            documentCollection: { equals: 'posts' },
            documentId: { in: shown.docs.map((p) => p.id) },
          },
          limit: 0,
          select: { documentId: true, integration: true, status: true },
          ...asUser,
        })
      : { docs: [] },
  )
  const [
    [integrations],
    pages,
    posts,
    records,
    media,
    destinations,
    publishing,
    activity,
    removal,
  ] = await Promise.all([
    setup,
    pagesFound,
    postsFound,
    postRecords,
    payload.find({
      collection: 'media',
      where: ofSite,
      limit: 200,
      select: { alt: true, filename: true },
      ...asUser,
    }),
    setup.then(([integrations]) => destinationHealth(payload, user, [siteId], integrations)),
    setup.then(([integrations, rules]) =>
      loadSitePublishing(payload, user, siteId, { integrations, rules }),
    ),
    setup.then(([integrations]) =>
      loadActivity(
        payload,
        user,
        siteId,
        undefined,
        new Map(integrations.map((i) => [i.id, i.name])),
      ),
    ),
    Promise.all([pagesFound, setup]).then(([found, [integrations, rules]]) =>
      removalConsequences(
        payload,
        user,
        siteId,
        'pages',
        (found.docs as unknown as PageDoc[]).map((p) => ({ id: p.id, template: p.template })),
        { integrations, rules },
      ),
    ),
  ])
  const names = new Map(integrations.map((i) => [i.id, i.name]))
  const pageDocs = pages.docs as unknown as PageDoc[]
  // Each post's copies, grouped once rather than scanned for every post.
  const copies = new Map<number, { name: string; status: string }[]>()
  for (const r of records.docs as unknown as {
    documentId?: number
    integration?: unknown
    status?: string
  }[]) {
    const integration = relationId(r.integration) ?? -1
    const copy = { name: names.get(integration) ?? `#${integration}`, status: String(r.status) }
    const id = Number(r.documentId)
    const list = copies.get(id)
    if (list) list.push(copy)
    else copies.set(id, [copy])
  }
  const settings = (site.settings ?? {}) as Record<string, unknown>
  return {
    site: {
      id: site.id,
      name: site.name,
      slug: site.slug ?? null,
      domain: site.domain ?? null,
      siteType: site.siteType ?? null,
      hostingType: site.hostingType ?? null,
    },
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
      destinations: copies.get(p.id) ?? [],
    })),
    destinations,
    publishing,
    activity,
    media: media.docs.map((m) => ({
      id: m.id,
      label: String(
        (m as { alt?: string }).alt || (m as { filename?: string }).filename || `Media #${m.id}`,
      ),
    })),
  }
}
