import type { CollectionSlug, Payload } from 'payload'

import type { OwnMediaFile } from '../types'

import { readMediaFile } from './readMediaFile'

const UPLOAD_PATH = /^\/api\/([^/]+)\/file\/([^/]+)$/

/**
 * Reads one of our own uploads from Payload's storage (local folder or object storage, see
 * `readMediaFile`), given the absolute URL a delivery document names it by
 * (`<serverURL>/api/<collection>/file/<filename>`, an original or an image size). Null when the URL
 * is not one of ours, so the adapter fetches it over HTTP instead. Reading from storage, not
 * through our own HTTP server, keeps deliveries working whatever port or proxy the app sits behind.
 */
export const readOwnMedia =
  (payload: Payload, serverURL: string) =>
  async (url: string): Promise<OwnMediaFile | null> => {
    if (!url.startsWith(`${serverURL}/`)) return null
    const match = UPLOAD_PATH.exec(new URL(url).pathname)
    if (!match) return null
    let filename: string
    try {
      filename = decodeURIComponent(match[2]!)
    } catch {
      return null
    }
    return readMediaFile(payload, { collection: match[1] as CollectionSlug, filename })
  }
