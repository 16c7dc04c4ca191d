import { createHash } from 'crypto'

import type { DeliveryDocument, DeliveryImage } from '@plugins/publishing/exports/server'

import {
  errorFromResponse,
  PublishingError,
  toPublishingError,
} from '@plugins/publishing/exports/server'

import type { WordPressClient, WordPressContext } from './client'
import type { ImageMap, UploadedImage } from './mapping'

const DOWNLOAD_TIMEOUT_MS = 60_000
const UPLOAD_TIMEOUT_MS = 120_000

/**
 * The slug a WordPress copy of `image` gets: our media id and the first 8 hex digits of the file's
 * SHA-256. The same file is found again on every delivery; a changed file gets a new slug and is
 * uploaded again.
 */
export const mediaSlug = (imageId: number, bytes: Uint8Array): string =>
  `syndicate-${imageId}-${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}`

type RemoteMedia = UploadedImage & { altText: string }

const toRemoteMedia = (item: unknown): RemoteMedia | null => {
  if (typeof item !== 'object' || item === null) return null
  const { id, source_url: url, alt_text: altText } = item as Record<string, unknown>
  if (typeof id !== 'number' || typeof url !== 'string') return null
  return { id, url, altText: typeof altText === 'string' ? altText : '' }
}

/**
 * Our file's bytes: read from the CMS's own storage when the image is one of ours (the core's
 * reader), downloaded from its URL otherwise.
 */
const download = async (
  context: WordPressContext,
  image: DeliveryImage,
): Promise<{ bytes: Uint8Array; contentType: string }> => {
  const own = await context.readOwnMedia?.(image.url)
  if (own)
    return {
      bytes: own.bytes,
      contentType: image.mimeType ?? own.contentType ?? 'application/octet-stream',
    }
  const what = `Downloading the image ${image.url} for WordPress`
  try {
    const response = await context.fetch(image.url, { timeoutMs: DOWNLOAD_TIMEOUT_MS })
    if (!response.ok) throw await errorFromResponse(response, what)
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      contentType:
        image.mimeType ?? response.headers.get('content-type') ?? 'application/octet-stream',
    }
  } catch (error) {
    const wrapped = toPublishingError(error, what)
    throw new PublishingError(
      `${wrapped.message} (the image is not one of this CMS's uploads, so it was fetched from its URL)`,
      {
        retryable: wrapped.retryable,
        status: wrapped.status,
        retryAfterMs: wrapped.retryAfterMs,
      },
    )
  }
}

const filenameOf = (image: DeliveryImage): string =>
  image.filename ||
  decodeURIComponent(new URL(image.url).pathname.split('/').pop() || `image-${image.id}`)

/** The WordPress copy of one image: found by its slug, or uploaded; its alt text kept current. */
const copyImage = async (
  client: WordPressClient,
  context: WordPressContext,
  image: DeliveryImage,
): Promise<UploadedImage> => {
  const file = await download(context, image)
  const slug = mediaSlug(image.id, file.bytes)
  const { body: found } = await client.request('GET', '/wp/v2/media', {
    what: `Looking up the WordPress copy of ${filenameOf(image)}`,
    query: { slug, _fields: 'id,source_url,alt_text' },
  })
  const existing = Array.isArray(found) ? toRemoteMedia(found[0]) : null
  if (existing) {
    if (existing.altText !== image.alt) {
      await client.request('POST', `/wp/v2/media/${existing.id}`, {
        what: `Updating the alt text of WordPress media ${existing.id}`,
        json: { alt_text: image.alt },
        capability: 'upload_files',
      })
    }
    return { id: existing.id, url: existing.url }
  }
  const { body } = await client.request('POST', '/wp/v2/media', {
    what: `Uploading ${filenameOf(image)} to WordPress`,
    // A raw upload takes its other fields from the query string.
    query: { slug, alt_text: image.alt },
    file: { bytes: file.bytes, contentType: file.contentType, filename: filenameOf(image) },
    capability: 'upload_files',
    timeoutMs: UPLOAD_TIMEOUT_MS,
  })
  const uploaded = toRemoteMedia(body)
  if (!uploaded)
    throw new PublishingError(
      `Uploading ${filenameOf(image)} to WordPress failed: the answer names no media item.`,
      { retryable: true },
    )
  return { id: uploaded.id, url: uploaded.url }
}

/**
 * Copies the document's featured image and content images into the WordPress media library
 * (each once per site), returning the featured image's media id and where each image now lives.
 */
export const copyImages = async (
  client: WordPressClient,
  context: WordPressContext,
  document: Pick<DeliveryDocument, 'featuredImage' | 'images'>,
): Promise<{ featuredMediaId: number | null; imageMap: ImageMap }> => {
  const imageMap = new Map<string, UploadedImage>()
  const all = [...(document.featuredImage ? [document.featuredImage] : []), ...document.images]
  for (const image of all) {
    if (!imageMap.has(image.url)) imageMap.set(image.url, await copyImage(client, context, image))
  }
  const featured = document.featuredImage ? imageMap.get(document.featuredImage.url) : undefined
  return { featuredMediaId: featured?.id ?? null, imageMap }
}
