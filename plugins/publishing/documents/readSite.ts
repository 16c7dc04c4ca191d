import type { Payload, PayloadRequest } from 'payload'

import type { ReadSiteOptions, SiteSnapshot } from '../types'

import { registryOf } from '../registry'
import { buildDeliveryDocument, isObj, str, toImage, type Obj } from './buildDeliveryDocument'

/** Documents built at once (connections of the pool they may take). */
const READ_LANES = 4

/**
 * A site as published now: its settings and every published document of the plugin's
 * collections, each built as the delivery to `integration` would build it; with
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
  const documents: SiteSnapshot['documents'] = []
  for (const collection of withDocuments ? options.collections : []) {
    const { docs } = await payload.find({
      collection,
      where: draft
        ? { site: { equals: siteId } }
        : { site: { equals: siteId }, _status: { equals: 'published' } },
      select: {},
      draft,
      limit: 0,
      depth: 0,
      overrideAccess: true,
      req,
    })
    // A few documents at a time: each is several small queries, mostly waiting on the database.
    const built: SiteSnapshot['documents'] = new Array(docs.length)
    let next = 0
    const lane = async (): Promise<void> => {
      while (next < docs.length) {
        const index = next++
        built[index] = await buildDeliveryDocument({
          payload,
          req,
          collection,
          id: Number(docs[index]!.id),
          integration,
          remoteStatus: draft ? 'draft' : 'publish',
          serverURL: options.serverURL,
          draft,
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
