import type { Payload, PayloadRequest } from 'payload'

import { createHash } from 'crypto'

import type { DeliveryDocument, DeliveryImage, DeliveryTerm, PublishableCollection } from '../types'

import { absoluteUrl, lexicalToHtml } from '../content/toHtml'
import { recordOf } from '../records'
import { traitsOf } from '../registry'

export type Obj = Record<string, unknown>
export const isObj = (v: unknown): v is Obj =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v)
export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)

/** A populated media document as delivered (absolute URL), or null for none. */
export const toImage = (media: unknown, serverURL: string): DeliveryImage | null => {
  if (!isObj(media) || typeof media.id !== 'number') return null
  const url = absoluteUrl(str(media.url), serverURL)
  if (!url) return null
  return {
    id: media.id,
    url,
    alt: str(media.alt) ?? '',
    filename: str(media.filename),
    mimeType: str(media.mimeType),
    width: num(media.width),
    height: num(media.height),
  }
}

const toTerms = (values: unknown): DeliveryTerm[] =>
  (Array.isArray(values) ? values : [])
    .filter(isObj)
    .map((t) => ({ id: Number(t.id), name: String(t.name ?? ''), slug: String(t.slug ?? '') }))

/** Position of a document of a tree among its siblings in the Site Manager's order. */
const siblingOrder = async (
  payload: Payload,
  req: PayloadRequest,
  collection: PublishableCollection,
  page: Obj,
  site: number,
): Promise<number> => {
  const parent = isObj(page.parent) ? page.parent.id : (page.parent ?? null)
  const { docs } = await payload.find({
    collection,
    where: {
      site: { equals: site },
      ...(parent ? { parent: { equals: parent } } : { parent: { exists: false } }),
    },
    sort: '_order',
    select: { slug: true },
    limit: 0,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return Math.max(
    0,
    docs.findIndex((d) => d.id === page.id),
  )
}

export type Resolved = { doc: Obj; html: string; images: DeliveryImage[] }

/** A document read at depth 1, with its rich text converted (`lexicalToHtml`). */
export const convertDocument = async (
  payload: Payload,
  req: PayloadRequest,
  doc: Obj,
  serverURL: string,
): Promise<Resolved> => {
  // References in the content resolve within the document's own site (see lexicalToHtml).
  const site = Number(isObj(doc.site) ? doc.site.id : doc.site)
  const { html, images } = await lexicalToHtml(doc.content, { payload, req, serverURL, site })
  return { doc, html, images: images.map((image) => ({ width: null, height: null, ...image })) }
}

/**
 * The document with its relations and its HTML, shared by the deliveries of one revision to every
 * destination (a post going to ten destinations is read and converted once, not ten times). Keyed
 * by `updatedAt`, so a newer save is never answered from the cache.
 */
const resolved = new Map<string, Promise<Resolved>>()
const RESOLVED_CACHE_SIZE = 100

const readDocument = async (
  payload: Payload,
  req: PayloadRequest,
  collection: PublishableCollection,
  id: number,
  serverURL: string,
  draft: boolean,
): Promise<Resolved> => {
  const doc = (await payload.findByID({
    collection,
    id,
    depth: 1,
    draft,
    overrideAccess: true,
    req,
  })) as unknown as Obj
  return convertDocument(payload, req, doc, serverURL)
}

const resolveDocument = async (
  payload: Payload,
  req: PayloadRequest,
  collection: PublishableCollection,
  id: number,
  serverURL: string,
  draft = false,
): Promise<Resolved> => {
  // A draft saved over a published document changes only its versions, not the row the cache key
  // is read from: drafts are read afresh each time.
  if (draft) return readDocument(payload, req, collection, id, serverURL, true)
  const stamp = await payload.db.findOne<{ id: number; updatedAt?: string }>({
    collection,
    where: { id: { equals: id } },
    select: { updatedAt: true },
    req,
  })
  const key = `${collection}:${id}:${stamp?.updatedAt ?? ''}:${serverURL}`
  let entry = resolved.get(key)
  if (!entry) {
    entry = readDocument(payload, req, collection, id, serverURL, false)
    resolved.set(key, entry)
    entry.catch(() => resolved.delete(key))
    if (resolved.size > RESOLVED_CACHE_SIZE) resolved.delete(resolved.keys().next().value as string)
  }
  return entry
}

/**
 * Everything an adapter needs about one published document, resolved: HTML with absolute URLs,
 * terms, images, and for a tree's documents (pages) the parent's remote id at this destination and
 * the position among siblings.
 */
export const buildDeliveryDocument = async ({
  payload,
  req,
  collection,
  id,
  integration,
  remoteStatus,
  serverURL,
  draft = false,
}: {
  payload: Payload
  req: PayloadRequest
  collection: PublishableCollection
  id: number
  integration: number
  remoteStatus: 'publish' | 'draft'
  serverURL: string
  /** The document's latest version, draft or not, instead of its published one. */
  draft?: boolean
}): Promise<DeliveryDocument> => {
  const { doc, html, images } = await resolveDocument(
    payload,
    req,
    collection,
    id,
    serverURL,
    draft,
  )
  const siteId = Number(isObj(doc.site) ? doc.site.id : undefined)
  let parent: DeliveryDocument['parent'] = null
  let order: number | null = null
  const traits = traitsOf(payload, collection)
  if (traits.tree) {
    const parentId = parentIdOf(doc)
    if (parentId) {
      const record = await recordOf(req, collection, parentId, integration)
      parent = { id: parentId, remoteId: str(record?.remoteId) }
    }
    if (traits.orderable) order = await siblingOrder(payload, req, collection, doc, siteId)
  }
  return deliveryDocumentOf({
    collection,
    id,
    resolved: { doc, html, images },
    remoteStatus,
    serverURL,
    parent,
    order,
  })
}

/** A tree document's parent id, when its parent was read with it (depth 1). */
export const parentIdOf = (doc: Obj): number | null =>
  isObj(doc.parent) ? Number(doc.parent.id) : null

/**
 * The delivery document of a document read and converted (`Resolved`), given what depends on
 * other documents: its parent's remote copy at the destination and its position among siblings.
 */
export const deliveryDocumentOf = ({
  collection,
  id,
  resolved: { doc, html, images },
  remoteStatus,
  serverURL,
  parent,
  order,
}: {
  collection: PublishableCollection
  id: number
  resolved: Resolved
  remoteStatus: 'publish' | 'draft'
  serverURL: string
  parent: DeliveryDocument['parent']
  order: number | null
}): DeliveryDocument => {
  const site = isObj(doc.site) ? doc.site : {}
  const siteId = Number(site.id)
  const meta = isObj(doc.meta) ? doc.meta : {}
  return {
    collection,
    id,
    site: {
      id: siteId,
      name: String(site.name ?? ''),
      slug: String(site.slug ?? ''),
      domain: str(site.domain),
    },
    title: String(doc.title ?? ''),
    slug: String(doc.slug ?? ''),
    html,
    excerpt: str(doc.excerpt),
    status: remoteStatus,
    publishedAt: str(doc.publishedAt),
    updatedAt: String(doc.updatedAt ?? ''),
    template: str(doc.template),
    parent,
    order,
    categories: toTerms(doc.categories),
    tags: toTerms(doc.tags),
    featuredImage: toImage(doc.featuredImage, serverURL),
    images,
    meta: {
      title: str(meta.title),
      description: str(meta.description),
      image: toImage(meta.image, serverURL),
    },
  }
}

/** Hash of what a destination receives; `updatedAt` is left out so a no-op save hashes the same. */
export const contentHash = (document: DeliveryDocument): string => {
  const { updatedAt: _updatedAt, ...content } = document
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}
