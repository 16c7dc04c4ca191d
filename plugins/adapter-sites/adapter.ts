import type {
  AdapterContext,
  DeliveryDocument,
  DeliveryImage,
  DestinationAdapter,
  SiteSnapshot,
} from '@plugins/publishing/exports/server'

import { PublishingError } from '@plugins/publishing/exports/server'

import type {
  ImageFile,
  SiteImage,
  SiteInput,
  SitePage,
  SitePost,
  TemplateName,
} from './render/types'

import { releaseFiles } from './releaseFiles'
import { ReleaseStore } from './releases/releaseStore'
import { renderSite } from './render/renderSite'
import { TEMPLATES } from './render/types'
import { postUrl } from './render/urls'

export type SitesConfig = { keepReleases?: number | string | null }
type Context = AdapterContext<SitesConfig, Record<string, never>>

/** Reads a media file of the site from the CMS's storage (local folder or object storage). */
const mediaReader =
  (context: Context) =>
  async (media: ImageFile): Promise<Uint8Array> => {
    const stored = media.url ? await context.readOwnMedia?.(media.url) : null
    if (!stored) {
      throw new PublishingError(
        `The media file "${media.filename}" is not in the CMS's storage: upload it again.`,
        { retryable: false },
      )
    }
    return stored.bytes
  }

const stores = new Map<number, ReleaseStore>()
/** The release store for this integration's `keepReleases` (one per setting, so writes queue together). */
export const storeFor = (config: SitesConfig): ReleaseStore => {
  const keep = Number(config.keepReleases) > 0 ? Math.floor(Number(config.keepReleases)) : 10
  let store = stores.get(keep)
  if (!store) stores.set(keep, (store = new ReleaseStore({ keepReleases: keep })))
  return store
}

/** Where a site is served on the app when it has no domain of its own. */
export const siteBaseUrl = (serverURL: string, site: SiteSnapshot['site']): string =>
  site.domain ? `https://${site.domain}/` : `${serverURL.replace(/\/$/, '')}/sites/${site.slug}/`

const toImage = (image: DeliveryImage | null): SiteImage | null =>
  image?.filename
    ? {
        id: image.id,
        alt: image.alt,
        original: {
          filename: image.filename,
          width: image.width ?? 0,
          height: image.height ?? 0,
          mimeType: image.mimeType ?? null,
          url: image.url,
        },
      }
    : null

const meta = (document: DeliveryDocument) => ({
  title: document.meta.title,
  description: document.meta.description,
  image: toImage(document.meta.image),
})

/** The platform's snapshot of a site → the renderer's input. */
export const siteInput = (snapshot: SiteSnapshot): SiteInput => {
  const pages: SitePage[] = []
  const posts: SitePost[] = []
  const media = new Map<number, SiteImage>()
  for (const document of snapshot.documents) {
    for (const image of document.images) {
      const converted = toImage(image)
      if (converted) media.set(image.id, converted)
    }
    if (document.collection === 'pages') {
      pages.push({
        id: document.id,
        title: document.title,
        slug: document.slug,
        parent: document.parent?.id ?? null,
        order: document.order,
        template: TEMPLATES.includes(document.template as TemplateName)
          ? (document.template as TemplateName)
          : null,
        html: document.html,
        meta: meta(document),
        image: toImage(document.featuredImage),
        publishedAt: document.publishedAt,
        updatedAt: document.updatedAt,
      })
    } else {
      posts.push({
        id: document.id,
        title: document.title,
        slug: document.slug,
        html: document.html,
        excerpt: document.excerpt,
        publishedAt: document.publishedAt ?? document.updatedAt,
        updatedAt: document.updatedAt,
        categories: document.categories.map(({ slug, name }) => ({ slug, name })),
        tags: document.tags.map(({ slug, name }) => ({ slug, name })),
        image: toImage(document.featuredImage),
        meta: meta(document),
      })
    }
  }
  const { site } = snapshot
  return {
    settings: {
      name: site.name,
      tagline: site.tagline,
      description: site.description,
      logo: toImage(site.logo),
      locale: site.locale,
      timeZone: site.timeZone,
      domain: site.domain,
    },
    pages,
    posts,
    media: [...media.values()],
  }
}

/**
 * Renders the site as published now and makes it the current release, holding the site's lock
 * (two deliveries of one site in different processes never interleave their releases). The
 * release is written whole; unchanged files are the same objects as in the release before (the
 * store is content-addressed), so only changed files take space.
 */
export const deploySite = async (context: Context): Promise<{ baseUrl: string; site: string }> => {
  if (!context.readSite) {
    throw new PublishingError('This platform cannot read sites: readSite is missing.', {
      retryable: false,
    })
  }
  const readSite = context.readSite
  const work = async () => {
    const snapshot = await readSite()
    const baseUrl = siteBaseUrl(snapshot.serverURL, snapshot.site)
    const { files, warnings } = renderSite(siteInput(snapshot), {
      baseUrl,
      cmsUrl: snapshot.serverURL,
    })
    for (const warning of warnings) context.logger.warn(warning)
    await storeFor(context.config).writeRelease(snapshot.site.slug, {
      files: await releaseFiles(files, mediaReader(context)),
    })
    return { baseUrl, site: snapshot.site.slug }
  }
  return context.withSiteLock ? context.withSiteLock(work) : work()
}

/** The hosted site: Syndicate renders, deploys and serves the site itself (issue 13). */
export const sitesAdapter: DestinationAdapter<SitesConfig, Record<string, never>> = {
  platform: 'sites',
  label: 'Hosted site',
  platformType: 'hosted',
  description:
    'Syndicate renders the site to static files and serves it, with releases and rollback.',
  configFields: [
    {
      name: 'keepReleases',
      label: 'Releases kept',
      type: 'number',
      description: 'How many earlier releases stay available for rollback (default 10).',
    },
  ],
  credentialFields: [],
  capabilities: { drafts: false, delete: true, findExisting: false, pull: false },
  collections: ['pages', 'posts'],
  async testConnection(context) {
    if (!context.readSite) return { ok: false, message: 'This installation cannot read sites.' }
    const { site } = await context.readSite()
    return { ok: true, message: `The site "${site.name}" is rendered and served by Syndicate.` }
  },
  async publish(context, { document }) {
    const { baseUrl } = await deploySite(context)
    const url =
      document.collection === 'posts'
        ? `${baseUrl}${postUrl(document.slug)}`
        : document.slug === 'home' && !document.parent
          ? baseUrl
          : null
    return {
      remoteId: `${document.collection}:${document.id}`,
      remoteUrl: url,
      remoteModifiedAt: document.updatedAt,
    }
  },
  async unpublish(context) {
    // The document is no longer published: the new release leaves its pages out.
    await deploySite(context)
  },
}
