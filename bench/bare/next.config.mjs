import { withPayload } from '@payloadcms/next/withPayload'
import path from 'path'
import { fileURLToPath } from 'url'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/** The bare app's Next config: Syndicate's, less the preview headers. */
export default withPayload(
  {
    experimental: { serverMinification: false },
    turbopack: { root: path.resolve(dirname, '../..') },
  },
  { devBundleServerPackages: false },
)
