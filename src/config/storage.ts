import type { Plugin } from 'payload'

import { s3Storage } from '@payloadcms/storage-s3'

/**
 * Where uploads are stored. With `S3_BUCKET` set, in that bucket of any S3-compatible storage
 * (`S3_ENDPOINT` for one other than AWS, `S3_REGION`, `S3_ACCESS_KEY_ID`/`S3_SECRET_ACCESS_KEY`,
 * `S3_FORCE_PATH_STYLE=true` for servers that want `<endpoint>/<bucket>/<key>`), through Payload's
 * `@payloadcms/storage-s3`; without it, on local disk (`MEDIA_DIR`, src/collections/Media.ts).
 *
 * The plugin is always in the config, turned off without a bucket: `alwaysInsertFields` keeps the
 * fields it adds (`prefix`, `_objectKey`) in the schema either way, so the schema and its
 * migrations do not depend on the environment.
 */
export const mediaStorage = (env: NodeJS.ProcessEnv = process.env): Plugin => {
  const bucket = env.S3_BUCKET?.trim()
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim()
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim()
  if (bucket && Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new Error(
      '[storage] S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither to use the default AWS credential chain.',
    )
  }
  return s3Storage({
    enabled: Boolean(bucket),
    alwaysInsertFields: true,
    collections: { media: true },
    bucket: bucket ?? '',
    config: {
      endpoint: env.S3_ENDPOINT?.trim() || undefined,
      region: env.S3_REGION?.trim() || 'us-east-1',
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
      ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    },
  })
}
