import type { PayloadRequest } from 'payload'

import type { AdapterFetch, RemoteImage } from '../types'

import { errorFromResponse, toPublishingError } from '../errors'
import { MAX_IMAGE_BYTES, readBytes } from '../net/readBody'

const DOWNLOAD_TIMEOUT_MS = 60_000

/**
 * A remote image as media of `site`: the one imported earlier (same file name and size in the
 * site), or downloaded through the SSRF-safe fetch and stored. Only images are accepted, of at
 * most MAX_IMAGE_BYTES (a larger one fails the item for good).
 */
export const importImage = async (
  req: PayloadRequest,
  {
    site,
    image,
    fetch,
    fallbackAlt,
  }: { site: number; image: RemoteImage; fetch: AdapterFetch; fallbackAlt: string },
): Promise<number | null> => {
  const what = `Downloading the remote image ${image.url}`
  let response: Response
  try {
    response = await fetch(image.url, { timeoutMs: DOWNLOAD_TIMEOUT_MS })
  } catch (error) {
    throw toPublishingError(error, what)
  }
  if (!response.ok) throw await errorFromResponse(response, what)
  const mimetype = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!mimetype.startsWith('image/')) {
    await response.body?.cancel().catch(() => undefined)
    req.payload.logger.warn({
      msg: 'sync: the remote featured image is not an image; left out',
      url: image.url,
      mimetype,
    })
    return null
  }
  // Counted as it arrives: a server may send no Content-Length, or a false one.
  const data = Buffer.from(
    await readBytes(response, MAX_IMAGE_BYTES).catch((error: unknown) => {
      throw toPublishingError(error, what)
    }),
  )
  const name = (image.filename || new URL(image.url).pathname.split('/').pop() || 'image').replace(
    /[^\w.-]+/g,
    '-',
  )
  const { docs } = await req.payload.find({
    collection: 'media',
    where: {
      and: [
        { site: { equals: site } },
        { filename: { equals: name } },
        { filesize: { equals: data.length } },
      ],
    },
    limit: 1,
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (docs[0]) return docs[0].id
  const created = await req.payload.create({
    collection: 'media',
    data: { alt: image.alt || fallbackAlt || name, site },
    file: { data, mimetype, name, size: data.length },
    overrideAccess: true,
    req,
  })
  return created.id
}
