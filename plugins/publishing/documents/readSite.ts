import type { Payload, PayloadRequest } from 'payload'

import type { PublishableCollection, ReadSiteOptions, SiteSnapshot } from '../types'

import { recordKey } from '../records/recordKey'
import { recordsByKey } from '../records/records'
import { registryOf, traitsOf } from '../registry'
import {
  convertDocument,
  deliveryDocumentOf,
  isObj,
  parentIdOf,
  str,
  toImage,
  type Obj,
} from './buildDeliveryDocument'

/** Documents converted at once (connections of the pool their links and uploads may take). */
const READ_LANES = 4

/** The parent a sibling list is keyed by, read as `siblingOrder` reads it (buildDeliveryDocument). */
const parentKey = (doc: Obj): string => {
  const parent = isObj(doc.parent) ? doc.parent.id : (doc.parent ?? null)
  return parent ? `parent:${String(parent)}` : 'root'
}

/** A document's position among its siblings, as `siblingOrder` answers it. */
const siblingIndex = (siblings: Map<string, unknown[]>, doc: Obj): number =>
  Math.max(0, (siblings.get(parentKey(doc)) ?? []).indexOf(doc.id))

/**
 * A site as published now: its settings and every published document of the plugin's
 * collections, each built as the delivery to `integration` would build it (the same
 * `DeliveryDocument` as `buildDeliveryDocument`, read in a few queries per collection); with
 * `{ documents: false }` the settings only. With `draft`, the site as its editors see it now
 * (see ReadSiteOptions).
 */
export const readSite = async (
  payload: Payload,
  req: PayloadRequest,
  siteId: number,
  integration: number,
  { documents: withDocuments = true, draft = false }: ReadSiteOptions = {},
): Promise<SiteSnapshot> => {
  const { options } = registryOf(payload)
  const site = (await payload.findByID({
    collection: 'sites',
    id: siteId,
    depth: 1,
    overrideAccess: true,
    req,
  })) as unknown as Obj
  const settings = isObj(site.settings) ? site.settings : {}

  /**
   * The site's documents of a tree collection by parent (`root` for none), in the Site Manager's
   * order, every status: what `siblingOrder` reads for one document, for all at once.
   */
  const siblingsOf = async (collection: PublishableCollection): Promise<Map<string, unknown[]>> => {
    const { docs } = await payload.find({
      collection,
      where: { site: { equals: siteId } },
      sort: '_order',
      select: { parent: true },
      limit: 0,
      depth: 0,
      overrideAccess: true,
      req,
    })
    const byParent = new Map<string, unknown[]>()
    for (const doc of docs as unknown as Obj[]) {
      const key = parentKey(doc)
      const list = byParent.get(key) ?? []
      list.push(doc.id)
      byParent.set(key, list)
    }
    return byParent
  }
  const documents: SiteSnapshot['documents'] = []
  for (const collection of withDocuments ? options.collections : []) {
    // The documents in one query, read as a delivery reads one (depth 1: site, terms, images,
    // parent), instead of a query (and its population) per document.
    const { docs } = (await payload.find({
      collection,
      where: draft
        ? { site: { equals: siteId } }
        : { site: { equals: siteId }, _status: { equals: 'published' } },
      draft,
      limit: 0,
      depth: 1,
      overrideAccess: true,
      req,
    })) as unknown as { docs: Obj[] }
    // What a delivery reads per document for a tree's documents, for all of them at once: the
    // parents' records at the integration and each document's position among its siblings.
    const traits = traitsOf(payload, collection)
    const parentIds = traits.tree
      ? [...new Set(docs.map(parentIdOf).filter((id): id is number => !!id))]
      : []
    const records: Map<string, { remoteId?: string | null }> = parentIds.length
      ? await recordsByKey(
          req,
          parentIds.map((id) => recordKey(collection, id, integration)),
          ['remoteId'],
        )
      : new Map()
    const siblings = traits.tree && traits.orderable ? await siblingsOf(collection) : null
    // A few documents at a time: converting rich text may read linked documents and uploads.
    const built: SiteSnapshot['documents'] = new Array(docs.length)
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < docs.length) {
        const index = next++
        const doc = docs[index]!
        const parentId = traits.tree ? parentIdOf(doc) : null
        built[index] = deliveryDocumentOf({
          collection,
          id: Number(doc.id),
          resolved: await convertDocument(payload, req, doc, options.serverURL),
          remoteStatus: draft ? 'draft' : 'publish',
          serverURL: options.serverURL,
          parent: parentId
            ? {
                id: parentId,
                remoteId: str(records.get(recordKey(collection, parentId, integration))?.remoteId),
              }
            : null,
          order: siblings ? siblingIndex(siblings, doc) : null,
        })
      }
    }
    await Promise.all(Array.from({ length: Math.min(READ_LANES, docs.length) }, lane))
    documents.push(...built)
  }
  return {
    site: {
      id: siteId,
      name: String(site.name ?? ''),
      slug: String(site.slug ?? ''),
      domain: str(site.domain),
      tagline: str(settings.tagline),
      description: str(settings.description),
      logo: toImage(settings.logo, options.serverURL),
      locale: str(settings.locale),
      timeZone: str(settings.timezone),
    },
    documents,
    serverURL: options.serverURL,
  }
}
