import type { AddressInfo } from 'node:net'

import { createRequire } from 'node:module'

/** The part of @20minutes/s3rver (a CommonJS package without types) the tests use. */
type S3rverServer = { run: () => Promise<AddressInfo>; close: () => Promise<void> }
type S3rverClass = new (options: {
  address: string
  port: number
  silent: boolean
  directory: string
  configureBuckets: { name: string }[]
}) => S3rverServer

const require = createRequire(import.meta.url)

/**
 * A local S3-compatible server on 127.0.0.1 and a free port, with `bucket` created and objects
 * kept under `directory`, accepting requests signed with `accessKeyId`/`secretAccessKey`.
 */
export const startS3Server = async ({
  directory,
  bucket,
  accessKeyId,
  secretAccessKey,
}: {
  directory: string
  bucket: string
  accessKeyId: string
  secretAccessKey: string
}): Promise<{ endpoint: string; close: () => Promise<void> }> => {
  const S3rver = require('@20minutes/s3rver') as S3rverClass
  // s3rver checks signatures against its accounts: register this key pair.
  const { DUMMY_ACCOUNT } = require('@20minutes/s3rver/lib/models/account.js') as {
    DUMMY_ACCOUNT: { createKeyPair: (id: string, secret: string) => void }
  }
  DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey)
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  })
  const { port } = await server.run()
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() }
}
