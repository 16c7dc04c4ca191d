import type { CollectionSlug, PayloadRequest, Where } from 'payload'

import type { AdapterFetch, PublishableCollection, RemoteImage, RemoteItem } from '../types'

import { htmlToLexical } from '../content/fromHtml'
import { slugify } from '../content/slugify'
import { recordsByRemoteId } from '../records'
import { traitsOf } from '../registry'
import { relatedId } from '../utilities/related'
import { importContentImages } from './contentImages'
import { importImage } from './importImage'

/** The fields of a page or post that sync writes from a remote item. */
export type LocalData = {
  title: string
  slug: string
  content: ReturnType<typeof htmlToLexical> extends Promise<infer T> ? T : never
  excerpt?: string | null
  categories?: number[]
  tags?: number[]
  featuredImage?: number | null
  parent?: number | null
}

/** The site's term of this name (compared as stored), created when missing. */
const termId = async (
  req: PayloadRequest,
  collection: 'categories' | 'tags',
  site: number,
  name: string,
): Promise<number> => {
  const where: Where = { and: [{ site: { equals: site } }, { name: { equals: name } }] }
  const { docs } = await req.payload.find({
    collection,
    where,
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
    select: {},
  })
  if (docs[0]) return Number(docs[0].id)
  // The slug WordPress (or anyone) would make from the name may be another term's ("C++" and "C"
  // both make "c"): the new term takes the first free one, `c-2`, the same at every sync.
  const slug = await freeSlug(req, collection, site, slugify(name) || 'term', null)
  const created = await req.payload.create({
    collection,
    data: { name, site, slug },
    overrideAccess: true,
    req,
  })
  return Number(created.id)
}

const termIds = async (
  req: PayloadRequest,
  collection: 'categories' | 'tags',
  site: number,
  names: string[],
): Promise<number[]> => {
  const ids: number[] = []
  for (const name of names) {
    const id = await termId(req, collection, site, name)
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}

/** A slug of `site` (documents or terms) not used by another document than `except`: `slug`, else `slug-2`, `slug-3`… */
export const freeSlug = async (
  req: PayloadRequest,
  collection: PublishableCollection | 'categories' | 'tags',
  site: number,
  slug: string,
  except: number | null,
): Promise<string> => {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? slug : `${slug}-${n}`
    const and: Where[] = [{ site: { equals: site } }, { slug: { equals: candidate } }]
    if (except !== null) and.push({ id: { not_equals: except } })
    const { totalDocs } = await req.payload.count({
      collection: collection as CollectionSlug,
      where: { and },
      overrideAccess: true,
      req,
    })
    if (totalDocs === 0) return candidate
  }
}

/** Our media the remote image is a copy of (same site), or a new import of it. */
const featuredImageId = async (
  req: PayloadRequest,
  site: number,
  image: RemoteImage | null,
  fetch: AdapterFetch,
  title: string,
): Promise<number | null> => {
  if (!image) return null
  if (image.sourceId !== null) {
    const ours = await req.payload.findByID({
      collection: 'media',
      id: image.sourceId,
      depth: 0,
      overrideAccess: true,
      disableErrors: true,
      req,
    })
    if (ours && relatedId(ours.site as number | { id: number } | null) === site) return ours.id
  }
  return importImage(req, { site, image, fetch, fallbackAlt: title })
}

/**
 * The local parent of a tree's item: null at the top level, our copy of the remote parent when
 * this integration knows it; undefined (the local parent stays as it is) when it does not, nor
 * when the parent would be the document itself.
 */
const localParent = async (
  req: PayloadRequest,
  integration: number,
  item: RemoteItem,
): Promise<number | null | undefined> => {
  if (!item.parentRemoteId) return null
  const records = await recordsByRemoteId(req, integration, item.collection, [item.parentRemoteId])
  const record = records.get(item.parentRemoteId)
  if (record && item.parentRemoteId !== item.remoteId) return record.documentId
  req.payload.logger.warn({
    msg: 'sync: the remote parent is not known here; the local parent is left as it is',
    integration,
    remoteId: item.remoteId,
    parentRemoteId: item.parentRemoteId,
  })
  return undefined
}

/**
 * What to write into a local page or post for `item`: its text, the content converted to rich text
 * (cleaned of anything executable), and what its collection has of these (posts, say): the
 * excerpt, the terms (found by name in the site, or created) and the featured image (ours when the
 * remote image is a copy of one, else imported).
 * Slugs stay unique within the site: a taken one gets a suffix.
 */
export const localData = async (
  req: PayloadRequest,
  {
    item,
    site,
    existingId,
    fetch,
    integration,
  }: {
    item: RemoteItem
    site: number
    existingId: number | null
    fetch: AdapterFetch
    integration: number
  },
): Promise<LocalData> => {
  const base = item.slug || item.title
  const data: LocalData = {
    title: item.title || item.slug || `Untitled ${item.remoteId}`,
    slug: base
      ? await freeSlug(req, item.collection, site, slugify(base) || 'untitled', existingId)
      : '',
    content: await htmlToLexical(item.html, req.payload.config),
  }
  data.content = await importContentImages(req, data.content, {
    html: item.html,
    site,
    fetch,
    title: data.title,
  })
  const traits = traitsOf(req.payload, item.collection)
  if (traits.excerpt) data.excerpt = item.excerpt
  if (traits.tree && item.parentRemoteId !== undefined) {
    const parent = await localParent(req, integration, item)
    if (parent !== undefined) data.parent = parent
  }
  for (const terms of traits.terms) data[terms] = await termIds(req, terms, site, item[terms])
  if (traits.featuredImage)
    data.featuredImage = await featuredImageId(req, site, item.featuredImage, fetch, data.title)
  return data
}
