import type { CollectionSlug, DataFromCollectionSlug } from 'payload'

/**
 * The destination adapter contract.
 *
 * Syndicate delivers documents (of the collections the plugin is given) to destinations (a
 * WordPress site, a Shopify store, a hosted static site, any HTTP endpoint). Each kind of
 * destination is an adapter: a small object that knows one platform's API and nothing about
 * Payload, queues or records. The publishing plugin owns everything else: it decides what to
 * deliver where (rules), writes one publishing record per (document, integration), queues a job
 * per delivery, retries, and stores what the adapter returns.
 *
 * An adapter declares:
 * - who it is: `platform` (the id stored on integrations, e.g. "webhook"), `label`, `platformType`
 *   and a one-line `description` for the admin's platform selector;
 * - what an integration of its platform must hold: `configFields` (stored as the integration's
 *   `config`, visible) and `credentialFields` (stored encrypted, write-only, never returned);
 * - what it can do: `capabilities`;
 * and implements the verbs: `testConnection`, `publish` (create or update, returning the remote
 * id, URL and modification time), `unpublish` (with the action the rule asks for) and, when it can,
 * `findExisting` to find a copy it created earlier, so that a crash between the remote create and
 * saving the remote id never leaves two remote copies.
 *
 * Two-way sync is the optional `pull` capability: such an adapter also implements `listChanges`,
 * which lists the remote items (posts, pages, products…) changed since a point the platform keeps
 * (the integration's cursor), as `RemoteItem`s in batches, oldest change first; and `getRemote`,
 * which reads one remote item. The platform decides everything else: what changed on which side
 * (by content hashes, see records/remoteHash.ts), pulling, pushing, importing and conflicts. An adapter
 * only translates its platform's items into `RemoteItem`s; a Shopify adapter would map articles
 * and pages the same way. Its `publish` should return the item as the remote now holds it
 * (`PublishResult.item`), so that the platform recognises its own writes when it lists them later.
 *
 * Which of our collections an adapter can hold is its own knowledge: it lists them in
 * `collections` (the WordPress adapter maps each to a WordPress post type, in its mapping.ts), or
 * leaves `collections` out when any document will do (the webhook sends the `DeliveryDocument` as
 * it is). The platform never asks an adapter about another collection: two-way sync pulls and
 * pushes exactly the plugin's `collections` that the adapter maps, and skips the rest; a delivery
 * of a document whose collection the adapter does not map fails at once, not retried, with a
 * sentence saying so in the record's `lastError`.
 *
 * Adapters throw `PublishingError` (see errors.ts) for remote failures, saying whether a retry can
 * help; the platform records the error on the publishing record and retries when it can. Adapters
 * make every request through `context.fetch`, which refuses private and internal addresses.
 *
 * An adapter is registered by its own plugin (`plugins/adapter-<platform>`), listed after
 * `publishingPlugin()` in payload.config.ts; see README.md beside this file.
 */

/**
 * A collection whose documents the platform publishes: one of the plugin's `collections` option.
 * Read from the generated type of the records' `documentCollection`, whose options are those
 * collections, so the app names them once, where it configures the plugin.
 */
export type PublishableCollection =
  DataFromCollectionSlug<'publishing-records'>['documentCollection'] & CollectionSlug

/** How a platform is categorised in the admin. */
export type PlatformType = 'cms' | 'ecommerce' | 'hosted' | 'custom_api'

/** A field an integration of this platform needs, in `config` or `credentials`. */
export type AdapterField = {
  name: string
  label: string
  /** `url` is checked to be an http(s) URL; `secret` is masked in forms. */
  type: 'text' | 'url' | 'secret' | 'number'
  required?: boolean
  description?: string
}

export type AdapterCapabilities = {
  /** Remote copies can be kept as drafts (a rule's `remoteStatus: 'draft'`). */
  drafts: boolean
  /** The `delete` unpublish action removes the remote copy (otherwise it is unpublished). */
  delete: boolean
  /** `findExisting` can locate a copy created earlier. */
  findExisting: boolean
  /** `pull` lists remote changes and reads remote items (two-way sync: `listChanges`, `getRemote`). */
  pull: boolean
}

/** A taxonomy term as delivered. */
export type DeliveryTerm = { id: number; name: string; slug: string }

/** An image as delivered: an absolute URL a destination can download. */
export type DeliveryImage = {
  id: number
  url: string
  alt: string
  filename?: string | null
  mimeType?: string | null
  width?: number | null
  height?: number | null
}

/** The document an adapter delivers: everything it needs, already resolved, nothing Payload-specific. */
export type DeliveryDocument = {
  collection: PublishableCollection
  id: number
  site: { id: number; name: string; slug: string; domain?: string | null }
  title: string
  slug: string
  /** The content as HTML, with absolute URLs for media and links. */
  html: string
  excerpt: string | null
  /** What the remote copy should be: live or a draft (from the publishing rule). */
  status: 'publish' | 'draft'
  publishedAt: string | null
  updatedAt: string
  /** Collections with a `template` field (pages). */
  template: string | null
  /**
   * Collections whose documents form a tree (a `parent` relationship to itself, e.g. pages): the
   * parent and its remote id at this destination, when it has one.
   */
  parent: { id: number; remoteId: string | null } | null
  /** Tree collections ordered by hand: position among siblings (0-based), from the Site Manager's order. */
  order: number | null
  categories: DeliveryTerm[]
  tags: DeliveryTerm[]
  featuredImage: DeliveryImage | null
  /** Images inside the content, in order of appearance. */
  images: DeliveryImage[]
  meta: { title: string | null; description: string | null; image: DeliveryImage | null }
}

/** What the platform knows about the remote copy, from the publishing record. */
export type RemoteRef = { id: string; url: string | null; modifiedAt: string | null }

/** What an adapter returns after creating or updating a remote copy. */
export type PublishResult = {
  remoteId: string
  remoteUrl: string | null
  remoteModifiedAt: string | null
  /** Adapters with `pull`: the copy as the remote now holds it, as `listChanges` would list it. */
  item?: RemoteItem
  /** What went out differently from the document (e.g. a page template the remote lacks); kept in the record's history. */
  notes?: string[]
}

/**
 * One remote item as two-way sync sees it, whatever the platform. Text fields hold what the remote
 * stores (HTML for `html`, plain text for `title` and `excerpt`).
 */
export type RemoteItem = {
  /** The remote's id for it (as stored in a record's `remoteId`). */
  remoteId: string
  collection: PublishableCollection
  title: string
  slug: string
  /** The content as HTML; untrusted (it is cleaned when converted to rich text). */
  html: string
  excerpt: string | null
  /** Live or not; platforms map their own states (WordPress `future` is `publish`, `pending` is `draft`). */
  status: 'publish' | 'draft'
  /**
   * A live item the remote holds back until this time (ISO 8601 with `Z`; WordPress `future`):
   * sync keeps its local document a draft, scheduled to publish then. Left out otherwise.
   */
  scheduledFor?: string | null
  /** ISO 8601 with `Z`: when the remote item last changed. Orders the listing and moves the cursor. */
  modifiedAt: string
  url: string | null
  /** Term names (collections with terms, e.g. posts). */
  categories: string[]
  tags: string[]
  featuredImage: RemoteImage | null
  /** `trashed`: in the remote's trash (it can come back); `deleted`: gone for good; null: present. */
  removed: 'trashed' | 'deleted' | null
  /** Which of our documents this item is a copy of, when the remote copy says so (a marker). */
  source: { collection: PublishableCollection; id: number } | null
  /**
   * A tree's item (a page): the remote id of its parent, null at the top level. Left out by
   * platforms without trees; sync maps it to the local parent when it knows that item.
   */
  parentRemoteId?: string | null
}

/** An image of a remote item: where to download it, and whether it is a copy of one of our media. */
export type RemoteImage = {
  url: string
  alt: string
  filename: string | null
  /** Our media id when the remote image is a copy we uploaded (the adapter can tell), else null. */
  sourceId: number | null
}

/** What `listChanges` is asked for: one collection, from a cursor position. */
export type ListChangesInput = {
  collection: PublishableCollection
  /**
   * The `modifiedAt` of the newest change the platform has stored for this collection, or null on
   * the first sync (then list everything). Items changed at that very time may be listed again:
   * the platform recognises them by hash.
   */
  since: string | null
}

export type UnpublishAction = 'unpublish' | 'delete' | 'keep'

export type TestConnectionResult = {
  ok: boolean
  message: string
  details?: Record<string, unknown>
}

/** An SSRF-safe fetch (see net/safeFetch.ts) with the installation's address policy applied. */
export type AdapterFetch = (url: string | URL, init?: AdapterRequestInit) => Promise<Response>
export type AdapterRequestInit = {
  method?: string
  headers?: Record<string, string>
  body?: string | Uint8Array
  timeoutMs?: number
  /** Redirects to follow (each one re-checked); 0 makes any redirect an error. @default 5 */
  maxRedirects?: number
}

/** One of this CMS's own uploads, read from its storage. */
export type OwnMediaFile = { bytes: Uint8Array; contentType: string | null }

/** What every adapter call receives. */
export type AdapterContext<TConfig, TCredentials> = {
  config: TConfig
  credentials: TCredentials
  integration: { id: number; name: string; site: number }
  fetch: AdapterFetch
  logger: {
    info: (msg: string, fields?: object) => void
    warn: (msg: string, fields?: object) => void
    /** Optional so that test contexts may leave it out. */
    debug?: (msg: string, fields?: object) => void
  }
  /**
   * Reads one of this CMS's own uploads (an original or an image size) by the URL a
   * `DeliveryImage` names it by, straight from Payload's storage, local folder or S3-compatible
   * bucket (`readMediaFile`); null when the URL is not ours or no such file is stored. Use it
   * before `fetch`: the app's public URL may not be reachable from where deliveries run (another
   * port, a proxy, no network to itself). Optional so that test contexts may leave it out.
   */
  readOwnMedia?: (url: string) => Promise<OwnMediaFile | null>
  /**
   * The whole site of this integration as it is published now: its settings and every published
   * document of the plugin's collections, as delivery documents (HTML through the one HTML
   * policy's converter, absolute URLs). For destinations that render a whole site (the hosted
   * `sites` adapter's listings, feed, sitemap); most adapters never call it. Optional so that test
   * contexts may leave it out. With `{ documents: false }` it reads the settings only (one query,
   * `documents` empty): an adapter that keeps the site's documents itself checks the settings.
   */
  readSite?: (options?: ReadSiteOptions) => Promise<SiteSnapshot>
  /**
   * Runs `work` holding this integration's site lock, across processes (a PostgreSQL advisory
   * lock keyed by site, waited for): two deliveries to one site never interleave their writes.
   * Optional so that test contexts may leave it out (then run `work` directly).
   */
  withSiteLock?: <T>(work: () => Promise<T>) => Promise<T>
}

export type ReadSiteOptions = {
  /** Read the site's published documents too. @default true */
  documents?: boolean
  /**
   * Every document as its editors see it now: the latest version of each, draft or published,
   * unpublished drafts included (a preview). @default false (the site as published)
   */
  draft?: boolean
}

/** A site as `AdapterContext.readSite` returns it. */
export type SiteSnapshot = {
  site: DeliveryDocument['site'] & {
    tagline: string | null
    description: string | null
    logo: DeliveryImage | null
    locale: string | null
    timeZone: string | null
  }
  /** Every published document of the site, of every collection the plugin publishes. */
  documents: DeliveryDocument[]
  /** The CMS's public URL (no trailing slash): internal links in `html` start with it. */
  serverURL: string
}

export type PublishInput = {
  document: DeliveryDocument
  /** The remote copy this record points at, when one exists. */
  remote: RemoteRef | null
  /** Stable for one revision of one record: a retried delivery sends the same key. */
  idempotencyKey: string
}

export type UnpublishInput = {
  document: Pick<DeliveryDocument, 'collection' | 'id' | 'slug' | 'title'> & {
    site: DeliveryDocument['site']
  }
  remote: RemoteRef
  action: Exclude<UnpublishAction, 'keep'>
  idempotencyKey: string
}

/** A destination platform. `TConfig` and `TCredentials` are the shapes its declared fields make. */
export type DestinationAdapter<
  TConfig extends Record<string, unknown> = Record<string, string>,
  TCredentials extends Record<string, unknown> = Record<string, string>,
> = {
  platform: string
  label: string
  platformType: PlatformType
  description: string
  configFields: AdapterField[]
  credentialFields: AdapterField[]
  capabilities: AdapterCapabilities
  /**
   * The collections (slugs) whose documents this adapter can hold, e.g. `['pages', 'posts']`;
   * left out: any. Sync lists and reads only these; a delivery of another collection fails.
   */
  collections?: readonly string[]
  // Method syntax on purpose: an adapter for `{ url: string }` config must still be usable where
  // any adapter is expected (the registry), which function-typed properties would forbid.
  testConnection(context: AdapterContext<TConfig, TCredentials>): Promise<TestConnectionResult>
  publish(
    context: AdapterContext<TConfig, TCredentials>,
    input: PublishInput,
  ): Promise<PublishResult>
  unpublish(context: AdapterContext<TConfig, TCredentials>, input: UnpublishInput): Promise<void>
  /**
   * Capability `pull`: the remote items of one collection changed since `input.since`, trashed and
   * deleted ones included when the remote can tell, as batches (one per remote page is natural),
   * every batch ordered by `modifiedAt` ascending and no batch older than the one before. The
   * platform stores each batch before asking for the next and moves its cursor only past what it
   * stored, so a listing that fails halfway loses nothing. Ask the remote only for what changed:
   * with nothing new, one request per collection.
   */
  listChanges?(
    context: AdapterContext<TConfig, TCredentials>,
    input: ListChangesInput,
  ): AsyncIterable<RemoteItem[]>
  /**
   * Capability `pull`: one remote item as it is now, or null when it is gone for good. Deliveries
   * call it before updating a copy, to stop instead of overwriting an edit made on the remote.
   */
  getRemote?(
    context: AdapterContext<TConfig, TCredentials>,
    ref: { collection: PublishableCollection; remoteId: string },
  ): Promise<RemoteItem | null>
  /**
   * The site-level step, for adapters that render whole sites (listings, feed, sitemap; the hosted
   * `sites` adapter): deploy the site as it is now, all of it. The platform calls it once per
   * integration as a site-level delivery when the site itself changes (its settings: name,
   * tagline, description, logo, locale, time zone, domain), so the change goes out without
   * waiting for the next document's delivery. Runs in the runner, outside any transaction; a throw
   * is retried a few times later (the error is logged, credentials redacted). Batches of document
   * deliveries are the adapter's to coalesce: the runner runs a process's claimed deliveries in
   * parallel, so `publish`/`unpublish` calls of one site waiting on `context.withSiteLock` can be
   * rendered as one (the `sites` adapter does so: the first to get the lock deploys every change
   * queued so far; the others find theirs deployed, or fail with the batch's error).
   */
  deploySite?(context: AdapterContext<TConfig, TCredentials>): Promise<void>
  /** Finds a copy of `document` this integration created earlier (capability `findExisting`). */
  findExisting?(
    context: AdapterContext<TConfig, TCredentials>,
    document: DeliveryDocument,
  ): Promise<PublishResult | null>
}

/** Any adapter, as the registry holds them. */
export type AnyDestinationAdapter = DestinationAdapter<
  Record<string, unknown>,
  Record<string, unknown>
>
