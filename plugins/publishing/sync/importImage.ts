import type { PayloadRequest } from 'payload'

import { createHash } from 'crypto'
import fs from 'fs/promises'
import path from 'path'

import type { AdapterFetch, RemoteImage } from '../types'

import { errorFromResponse, toPublishingError } from '../errors'
import { MAX_IMAGE_BYTES, readBytes } from '../net/readBody'

const DOWNLOAD_TIMEOUT_MS = 60_000

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/**
 * Media of `site` holding exactly `data` (same size, same SHA-256 of the stored file), so an image
 * is imported once however many posts or syncs name it. Where the file cannot be read (no local
 * storage), the same file name and size stand for the same image.
 */
const sameImage = async (
  req: PayloadRequest,
  site: number,
  data: Buffer,
  name: string,
): Promise<null | number> => {
  const { docs } = await req.payload.find({
    collection: 'media',
    where: { and: [{ site: { equals: site } }, { filesize: { equals: data.length } }] },
    limit: 50,
    depth: 0,
    overrideAccess: true,
    req,
  })
  if (!docs.length) return null
  const upload = req.payload.collections.media?.config.upload
  const dir = upload && !upload.disableLocalStorage && upload.staticDir ? upload.staticDir : null
  const hash = sha256(data)
  for (const doc of docs) {
    const file = dir && doc.filename ? path.resolve(dir, path.basename(doc.filename)) : null
    const bytes = file ? await fs.readFile(file).catch(() => null) : null
    if (bytes ? sha256(bytes) === hash : doc.filename === name) return doc.id
  }
  return null
}

/**
 * A remote image as media of `site`: the one already there with the same bytes, or downloaded through the SSRF-safe fetch and stored. Only images are accepted, of at
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
      msg: 'sync: the remote image is not an image; left out',
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
  const existing = await sameImage(req, site, data, name)
  if (existing !== null) return existing
  const created = await req.payload.create({
    collection: 'media',
    data: { alt: image.alt || fallbackAlt || name, site },
    file: { data, mimetype, name, size: data.length },
    overrideAccess: true,
    req,
  })
  return created.id
}
