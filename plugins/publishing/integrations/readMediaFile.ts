import type {
  CollectionSlug,
  Payload,
  PayloadRequest,
  SanitizedCollectionConfig,
  TypeWithID,
} from 'payload'

import fs from 'fs/promises'
import path from 'path'
import { createLocalReq } from 'payload'

import type { OwnMediaFile } from '../types'

type Upload = Exclude<SanitizedCollectionConfig['upload'], false | undefined>

/** The stored file names a media document answers to: its own and each image size's. */
const fileWhere = (upload: Upload, filename: string) => ({
  or: [
    { filename: { equals: filename } },
    ...(upload.imageSizes ?? []).map((size) => ({
      [`sizes.${size.name}.filename`]: { equals: filename },
    })),
  ],
})

/** Through the storage adapter's handlers (what serves `/api/<collection>/file/<name>`). */
const readThroughHandlers = async (
  req: PayloadRequest,
  upload: Upload,
  doc: TypeWithID,
  params: { collection: string; filename: string },
): Promise<OwnMediaFile | null> => {
  const { collection, filename } = params
  for (const handler of upload.handlers ?? []) {
    // The document carries the storage prefix (if any) the file was stored under.
    const response = await handler(req, { doc, params })
    if (!(response instanceof Response)) continue
    if (response.status === 404) return null
    if (!response.ok) {
      throw new Error(`storage answered ${response.status} for ${collection} file "${filename}"`)
    }
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      contentType: response.headers.get('content-type'),
    }
  }
  return null
}

/** From the collection's folder on disk (Payload's local storage). */
const readFromDisk = async (upload: Upload, filename: string): Promise<Uint8Array | null> => {
  if (!upload.staticDir) return null
  const dir = path.resolve(upload.staticDir)
  const file = path.resolve(dir, filename)
  // The name may come from a URL: it must name a file inside the collection's folder.
  if (path.dirname(file) !== dir) return null
  try {
    return new Uint8Array(await fs.readFile(file))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

/**
 * Reads one stored file of an upload collection (an original or one of its image sizes, by file
 * name) from whatever storage the collection uses: Payload's local folder, or a storage adapter
 * such as `@payloadcms/storage-s3` (through the handler that serves the file over REST, so every
 * adapter works the same). Null when no document of the collection has a file of that name, or
 * the storage does not hold it. Access is not checked: callers deliver the site's own media.
 */
export const readMediaFile = async (
  payload: Payload,
  { collection, filename }: { collection: CollectionSlug; filename: string },
): Promise<OwnMediaFile | null> => {
  const upload = (
    payload.collections as Partial<Record<CollectionSlug, { config: SanitizedCollectionConfig }>>
  )[collection]?.config.upload
  if (!upload || !filename) return null
  const { docs } = await payload.find({
    collection,
    where: fileWhere(upload, filename),
    limit: 1,
    depth: 0,
    overrideAccess: true,
  })
  const doc = docs[0]
  if (!doc) return null
  const mimeType = (doc as { mimeType?: unknown }).mimeType
  if (upload.handlers?.length) {
    const req = await createLocalReq({}, payload)
    const stored = await readThroughHandlers(req, upload, doc, { collection, filename })
    if (stored || upload.disableLocalStorage) return stored
  }
  const bytes = await readFromDisk(upload, filename)
  return bytes ? { bytes, contentType: typeof mimeType === 'string' ? mimeType : null } : null
}
