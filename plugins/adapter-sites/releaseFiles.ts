/**
 * From a render to a release: generated files are written as they are, media files are copied
 * from the media folder (Payload's `staticDir`, `MEDIA_DIR` or `.data/media`) by file name.
 */
import path from 'node:path'

import type { FileSource } from './releases/releaseStore'
import type { RenderedSite } from './render/types'

export function releaseFiles(files: RenderedSite, mediaDir: string): Map<string, FileSource> {
  const out = new Map<string, FileSource>()
  for (const [file, rendered] of files) {
    // Media file names were checked by the layout: one path segment, never `.` or `..`.
    out.set(
      file,
      'body' in rendered ? rendered.body : { file: path.join(mediaDir, rendered.media.filename) },
    )
  }
  return out
}
