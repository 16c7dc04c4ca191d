import type {
  AdapterContext,
  DeliveryDocument,
  DeliveryImage,
  DestinationAdapter,
  SiteSnapshot,
} from '@plugins/publishing/exports/server'

import { PublishingError } from '@plugins/publishing/exports/server'

import type { Layout } from './render/layout'
import type {
  ImageFile,
  SiteChange,
  SiteImage,
  SiteInput,
  SitePage,
  SitePost,
  TemplateName,
} from './render/types'

import { releaseFiles } from './releaseFiles'
import { ReleaseStore } from './releases/releaseStore'
import { diffLayouts, planChange } from './render/graph'
import { renderLayout, siteLayout } from './render/renderSite'
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

/** One delivery document → the renderer's page or post. */
const toEntry = (
  document: DeliveryDocument,
): { type: 'page'; page: SitePage } | { type: 'post'; post: SitePost } =>
  document.collection === 'pages'
    ? {
        type: 'page',
        page: {
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
        },
      }
    : {
        type: 'post',
        post: {
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
        },
      }

/** The images inside a document's body, as the renderer takes them. */
const bodyImages = (document: DeliveryDocument): SiteImage[] =>
  document.images.map(toImage).filter((image): image is SiteImage => image !== null)

const settingsOf = (site: SiteSnapshot['site']): SiteInput['settings'] => ({
  name: site.name,
  tagline: site.tagline,
  description: site.description,
  logo: toImage(site.logo),
  locale: site.locale,
  timeZone: site.timeZone,
  domain: site.domain,
})

/** The platform's snapshot of a site → the renderer's input. */
export const siteInput = (snapshot: SiteSnapshot): SiteInput => toInput(siteState(snapshot))

/**
 * What a release was rendered from, kept beside its manifest (the store's companion) and in
 * memory: the renderer's input with each document's body images apart (so that an image a
 * document no longer shows leaves the site with it), and the options of the render.
 */
type SiteState = {
  version: 1
  options: { baseUrl: string; cmsUrl: string }
  settings: SiteInput['settings']
  pages: SitePage[]
  posts: SitePost[]
  /** `<collection>:<id>` → the images inside that document's body. */
  images: Record<string, SiteImage[]>
}

const docKey = (collection: string, id: number | string): string => `${collection}:${id}`

const siteState = (snapshot: SiteSnapshot): SiteState => {
  const state: SiteState = {
    version: 1,
    options: {
      baseUrl: siteBaseUrl(snapshot.serverURL, snapshot.site),
      cmsUrl: snapshot.serverURL,
    },
    settings: settingsOf(snapshot.site),
    pages: [],
    posts: [],
    images: {},
  }
  for (const document of snapshot.documents) {
    const entry = toEntry(document)
    if (entry.type === 'page') state.pages.push(entry.page)
    else state.posts.push(entry.post)
    const images = bodyImages(document)
    if (images.length) state.images[docKey(document.collection, document.id)] = images
  }
  return state
}

const toInput = (state: SiteState): SiteInput => {
  const media = new Map<number | string, SiteImage>()
  for (const images of Object.values(state.images))
    for (const image of images) media.set(image.id, image)
  return {
    settings: state.settings,
    pages: state.pages,
    posts: state.posts,
    media: [...media.values()],
  }
}

/** A delivery's change to one document: published/updated (`document`) or removed (null). */
export type DocumentChange = {
  collection: string
  id: number
  document: DeliveryDocument | null
}

/** `change` applied to `state`; `state` is left as it was. With the renderer's `SiteChange`. */
const applyChange = (
  state: SiteState,
  { collection, id, document }: DocumentChange,
): { state: SiteState; change: SiteChange } => {
  const key = docKey(collection, id)
  const images = { ...state.images }
  delete images[key]
  const entry = document ? toEntry(document) : null
  if (document) {
    const found = bodyImages(document)
    if (found.length) images[key] = found
  }
  if (collection === 'pages') {
    const before = state.pages.find((page) => page.id === id) ?? null
    const pages = state.pages.filter((page) => page.id !== id)
    const after = entry?.type === 'page' ? entry.page : null
    if (after) pages.push(after)
    return { state: { ...state, pages, images }, change: { type: 'page', before, after } }
  }
  const before = state.posts.find((post) => post.id === id) ?? null
  const posts = state.posts.filter((post) => post.id !== id)
  const after = entry?.type === 'post' ? entry.post : null
  if (after) posts.push(after)
  return { state: { ...state, posts, images }, change: { type: 'post', before, after } }
}

/**
 * The state each site's current release was made from, as this process last wrote or read it,
 * with its layout when this process rendered it (the next change's "before": `planChange` would
 * lay the site out twice).
 */
const lastState = new Map<string, { release: string; state: SiteState; layout?: Layout }>()

/** The state release `release` of `site` was made from: from memory, else its companion file. */
const stateOf = async (
  store: ReleaseStore,
  site: string,
  release: string,
): Promise<{ state: SiteState; layout?: Layout } | null> => {
  const key = `${store.root}\u0000${site}`
  const known = lastState.get(key)
  if (known?.release === release) return known
  const text = await store.companion(site, release)
  if (!text) return null
  const state = JSON.parse(text) as SiteState
  if (state.version !== 1) return null
  const entry = { release, state }
  lastState.set(key, entry)
  return entry
}

const remember = (
  store: ReleaseStore,
  site: string,
  release: string,
  state: SiteState,
  layout: Layout,
): void => {
  lastState.set(`${store.root}\u0000${site}`, { release, state, layout })
}

export type DeployResult = {
  baseUrl: string
  site: string
  /** The release written, or null when the change rewrote nothing. */
  release: string | null
  /** Whether the whole site was rendered, and why; or the incremental plan's files. */
  full: false | string
  written: string[]
  removed: string[]
  /** Milliseconds by phase: check, plan, render, write (incremental); read, render, write (full). */
  ms: Record<string, number>
}

/**
 * Renders the site and makes it the current release, holding the site's lock (two deliveries of
 * one site in different processes never interleave their releases).
 *
 * Given the change of one document (`change`), it renders incrementally: the input of the current
 * release (kept beside its manifest, and in memory) with that document swapped in, and only the
 * files `planChange` lists, written as a release based on the current one. It renders the whole
 * site, read from the platform, when there is no such input (first release, a release of an
 * older version), the current release is not the newest (a rollback: the documents published
 * since are rendered again), the site's settings or address changed, or no change is given; the reason is
 * logged (debug). Unchanged files are the same objects as in the release before (the store is
 * content-addressed), so only changed files take space.
 */
export const deploySite = async (
  context: Context,
  change?: DocumentChange | readonly DocumentChange[],
  /** The caller holds the site's lock already (`deployChange`). */
  { locked = false }: { locked?: boolean } = {},
): Promise<DeployResult> => {
  const changes: readonly DocumentChange[] | null = !change
    ? null
    : Array.isArray(change)
      ? change
      : [change as DocumentChange]
  if (!context.readSite) {
    throw new PublishingError('This platform cannot read sites: readSite is missing.', {
      retryable: false,
    })
  }
  const readSite = context.readSite
  const store = storeFor(context.config)
  const work = async (): Promise<DeployResult> => {
    const ms: Record<string, number> = {}
    let mark = performance.now()
    /** Charges the time since the last lap to `phase` (`DeployResult.ms`, the debug log). */
    const lap = (phase: string) => {
      const now = performance.now()
      ms[phase] = Math.round(now - mark)
      mark = now
    }
    const done = (result: Omit<DeployResult, 'ms'>): DeployResult => {
      context.logger.debug?.('hosted site deployed', {
        release: result.release,
        full: result.full,
        written: result.written.length,
        removed: result.removed.length,
        ms,
      })
      return { ...result, ms }
    }
    let reason = 'no document change given'
    if (changes?.length) {
      const now = await readSite({ documents: false })
      const site = now.site.slug
      const options = { baseUrl: siteBaseUrl(now.serverURL, now.site), cmsUrl: now.serverURL }
      const current = await store.current(site)
      const known = current ? await stateOf(store, site, current) : null
      const prior = known?.state
      reason = !current
        ? 'the site has no release yet'
        : current !== (await store.newest(site))
          ? `the site was rolled back to ${current}`
          : !prior
            ? `release ${current} has no recorded input`
            : JSON.stringify(prior.settings) !== JSON.stringify(settingsOf(now.site))
              ? 'the site settings changed'
              : JSON.stringify(prior.options) !== JSON.stringify(options)
                ? "the site's address changed"
                : ''
      lap('check')
      if (!reason && prior && current) {
        // Each change in turn; the plan covers what any of them touches.
        let state = prior
        const siteChanges: SiteChange[] = []
        for (const one of changes) {
          const next = applyChange(state, one)
          state = next.state
          siteChanges.push(next.change)
        }
        const input = toInput(state)
        const plan =
          siteChanges.length === 1 && !known?.layout
            ? planChange(input, siteChanges[0], options)
            : diffLayouts(
                known?.layout ?? siteLayout(toInput(prior), options),
                siteLayout(input, options),
                siteChanges,
              )
        lap('plan')
        if (plan.write.length === 0 && plan.remove.length === 0) {
          // Nothing shows the change; the layout is the same as before.
          return done({
            baseUrl: options.baseUrl,
            site,
            release: null,
            full: false,
            written: [],
            removed: [],
          })
        }
        const { files, warnings } = renderLayout(plan.layout, plan.write)
        for (const warning of warnings) context.logger.warn(warning)
        lap('render')
        const { release } = await store.writeRelease(site, {
          base: current,
          files: await releaseFiles(files, mediaReader(context)),
          remove: plan.remove,
          // made and written after the switch, off the publish's path (about 10 MB at 10,000 documents)
          companion: () => JSON.stringify(state),
        })
        remember(store, site, release.id, state, plan.layout)
        lap('write')
        return done({
          baseUrl: options.baseUrl,
          site,
          release: release.id,
          full: plan.full ? 'the page tree changed' : false,
          written: plan.write,
          removed: plan.remove,
        })
      }
    }
    const snapshot = await readSite()
    const state = siteState(snapshot)
    lap('read')
    context.logger.debug?.(`rendering the whole site: ${reason}`)
    const layout = siteLayout(toInput(state), state.options)
    const { files, warnings } = renderLayout(layout)
    for (const warning of warnings) context.logger.warn(warning)
    lap('render')
    const { release } = await store.writeRelease(snapshot.site.slug, {
      files: await releaseFiles(files, mediaReader(context)),
      companion: () => JSON.stringify(state),
    })
    remember(store, snapshot.site.slug, release.id, state, layout)
    lap('write')
    return done({
      baseUrl: state.options.baseUrl,
      site: snapshot.site.slug,
      release: release.id,
      full: reason,
      written: [...files.keys()].sort(),
      removed: [],
    })
  }
  return context.withSiteLock && !locked ? context.withSiteLock(work) : work()
}

/** A document change waiting in this process for its site's next render, and how that went. */
type Waiting = {
  change: DocumentChange
  outcome?: { result: DeployResult } | { error: unknown }
}

/** Per integration: the changes of deliveries running in this process, not rendered yet. */
const waiting = new Map<number, Waiting[]>()

/**
 * Deploys one delivery's change, coalesced with the changes of the other deliveries of the same
 * site running in this process (the runner runs a process's claimed deliveries in parallel): the
 * first to get the site's lock renders every change queued so far as ONE release (listings, feed
 * and sitemap written once); the others then find theirs deployed and return at once. When that
 * render fails, every delivery of the batch fails with its error (and is retried as usual):
 * nothing of the batch is half deployed, since a failed release changes nothing.
 */
export const deployChange = async (
  context: Context,
  change: DocumentChange,
): Promise<DeployResult> => {
  const key = context.integration.id
  const entry: Waiting = { change }
  waiting.set(key, [...(waiting.get(key) ?? []), entry])
  const work = async (): Promise<void> => {
    if (entry.outcome) return
    const batch = waiting.get(key) ?? [entry]
    waiting.delete(key)
    try {
      const result = await deploySite(
        context,
        batch.map((one) => one.change),
        { locked: true },
      )
      for (const one of batch) one.outcome = { result }
    } catch (error) {
      for (const one of batch) one.outcome = { error }
    }
  }
  try {
    await (context.withSiteLock ? context.withSiteLock(work) : work())
  } finally {
    // The lock could not be had: this change must not be rendered later by another delivery.
    if (!entry.outcome) {
      const rest = (waiting.get(key) ?? []).filter((one) => one !== entry)
      if (rest.length) waiting.set(key, rest)
      else waiting.delete(key)
    }
  }
  const { outcome } = entry
  if (!outcome)
    throw new PublishingError('The site was not deployed: try again.', { retryable: true })
  if ('error' in outcome) throw outcome.error
  return outcome.result
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
    const { baseUrl } = await deployChange(context, {
      collection: document.collection,
      id: document.id,
      document,
    })
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
  // The site-level step: the site's settings changed, so every page is rendered again.
  async deploySite(context) {
    await deploySite(context)
  },
  async unpublish(context, { document }) {
    // The document is no longer published: the new release leaves its pages out.
    await deployChange(context, {
      collection: document.collection,
      id: document.id,
      document: null,
    })
  },
}
