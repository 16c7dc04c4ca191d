import type { CollectionSlug, Payload } from 'payload'

import fs from 'fs/promises'
import path from 'path'

import type { OwnMediaFile } from '../types'

const UPLOAD_PATH = /^\/api\/([^/]+)\/file\/([^/]+)$/

/**
 * Reads one of our own uploads from Payload's storage, given the absolute URL a delivery document
 * names it by (`<serverURL>/api/<collection>/file/<filename>`). Null when the URL is not one of
 * ours, or the collection keeps no local files (`disableLocalStorage`: a storage adapter serves
 * them), so the adapter fetches it over HTTP instead. Reading the file, not our own HTTP server,
 * keeps deliveries working whatever port or proxy the app sits behind.
 */
export const readOwnMedia =
  (payload: Payload, serverURL: string) =>
  async (url: string): Promise<OwnMediaFile | null> => {
    if (!url.startsWith(`${serverURL}/`)) return null
    const match = UPLOAD_PATH.exec(new URL(url).pathname)
    if (!match) return null
    const slug = match[1] as CollectionSlug
    const encodedName = match[2]
    const upload = (
      payload.collections as Partial<
        Record<CollectionSlug, (typeof payload.collections)[CollectionSlug]>
      >
    )[slug]?.config.upload
    if (!upload || upload.disableLocalStorage || !upload.staticDir) return null
    const filename = decodeURIComponent(encodedName)
    const dir = path.resolve(upload.staticDir)
    const file = path.resolve(dir, filename)
    // The filename comes from a URL: it must name a file inside the collection's folder.
    if (path.dirname(file) !== dir) return null
    const { docs } = await payload.find({
      collection: slug,
      where: { filename: { equals: filename } },
      select: { mimeType: true },
      limit: 1,
      depth: 0,
      overrideAccess: true,
    })
    if (!docs.length) return null
    const mimeType = (docs[0] as { mimeType?: unknown }).mimeType
    return {
      bytes: new Uint8Array(await fs.readFile(file)),
      contentType: typeof mimeType === 'string' ? mimeType : null,
    }
  }
