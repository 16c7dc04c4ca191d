import type { Payload, PayloadRequest } from 'payload'

import type { DeliveryImage, SiteSnapshot } from '../types'

import { absoluteUrl } from '../content/toHtml'
import { buildDeliveryDocument } from '../documents/buildDeliveryDocument'
import { registryOf } from '../registry'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v)
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null)

const toImage = (media: unknown, serverURL: string): DeliveryImage | null => {
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

/**
 * A site as published now: its settings and every published document of the plugin's
 * collections, each built as the delivery to `integration` would build it.
 */
export const readSite = async (
  payload: Payload,
  req: PayloadRequest,
  siteId: number,
  integration: number,
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
  for (const collection of options.collections) {
    const { docs } = await payload.find({
      collection,
      where: { site: { equals: siteId }, _status: { equals: 'published' } },
      select: {},
      limit: 0,
      depth: 0,
      overrideAccess: true,
      req,
    })
    for (const { id } of docs) {
      documents.push(
        await buildDeliveryDocument({
          payload,
          req,
          collection,
          id: Number(id),
          integration,
          remoteStatus: 'publish',
          serverURL: options.serverURL,
        }),
      )
    }
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
