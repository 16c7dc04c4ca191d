/**
 * From a render to a release: generated files are written as they are, media files are read from
 * the CMS's storage (local folder or object storage) through the platform's `readOwnMedia`.
 */
import type { FileSource } from './releases/releaseStore'
import type { ImageFile, RenderedSite } from './render/types'

export async function releaseFiles(
  files: RenderedSite,
  readMedia: (media: ImageFile) => Promise<Uint8Array>,
): Promise<Map<string, FileSource>> {
  const out = new Map<string, FileSource>()
  for (const [file, rendered] of files) {
    out.set(file, 'body' in rendered ? rendered.body : await readMedia(rendered.media))
  }
  return out
}
