/**
 * Media on S3-compatible storage (issue 16): with `S3_BUCKET` and its endpoint and credentials
 * set, an upload and its image sizes go to the bucket (not the media folder), a delivery reads
 * the image from the bucket through the platform's `readMediaFile` (the hosted-sites adapter
 * copies it into the site's release), a delete removes the objects, and the credentials show up
 * in no record or job. The bucket is a local S3-compatible server (@20minutes/s3rver) started here.
 */
import { DeleteObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import sharp from 'sharp'

import { storeFor } from '../../plugins/adapter-sites'
import { readMediaFile } from '../../plugins/publishing/exports/server'
import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startS3Server } from '../helpers/s3rver'
import { queryOn } from '../helpers/testDatabase'

const BUCKET = 'syndicate-media'
const ACCESS_KEY = 'SYNDICATETESTKEY'
const SECRET = 'syndicate-test-secret-4f1c9a7e0b'

let app: TestApp
let world: World
let scratch: string
let server: { endpoint: string; close: () => Promise<void> }
let s3: S3Client

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'media-storage-'))
  server = await startS3Server({
    directory: path.join(scratch, 's3'),
    bucket: BUCKET,
    accessKeyId: ACCESS_KEY,
    secretAccessKey: SECRET,
  })
  const { endpoint } = server
  Object.assign(process.env, {
    S3_BUCKET: BUCKET,
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: ACCESS_KEY,
    S3_SECRET_ACCESS_KEY: SECRET,
    S3_FORCE_PATH_STYLE: 'true',
    MEDIA_DIR: path.join(scratch, 'media'),
    SITES_OUTPUT_DIR: path.join(scratch, 'sites'),
  })
  s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET },
  })
  ;({ app, world } = await startWorld())
}, 180_000)

afterAll(async () => {
  await app?.close()
  s3?.destroy()
  await server?.close()
  await rm(scratch, { recursive: true, force: true })
})

/** The keys among `keys` that the bucket holds. */
const inBucket = async (keys: string[]): Promise<string[]> => {
  const held: string[] = []
  for (const key of keys) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }))
      held.push(key)
    } catch (error) {
      if ((error as { name?: string }).name !== 'NotFound') throw error
    }
  }
  return held
}

const localFiles = async (): Promise<string[]> =>
  readdir(path.join(scratch, 'media')).catch(() => [])

/** A PNG wide enough for every image size (thumbnail 400, card 768, hero 1600). */
const wideImage = (): Promise<Buffer> =>
  sharp({ create: { width: 1700, height: 120, channels: 3, background: '#3a7bd5' } })
    .png()
    .toBuffer()

type StoredMedia = {
  id: number
  filename: string
  sizes: Record<string, { filename?: string | null }>
}

const upload = async (name: string): Promise<{ media: StoredMedia; bytes: Buffer }> => {
  const bytes = await wideImage()
  const media = (await app.payload.create({
    collection: 'media',
    data: { alt: `${name} image`, site: world.siteA },
    file: { data: bytes, mimetype: 'image/png', name: `${name}.png`, size: bytes.length },
  })) as unknown as StoredMedia
  return { media, bytes }
}

const filesOf = (media: StoredMedia): string[] =>
  [media.filename, ...Object.values(media.sizes).map((size) => size.filename ?? '')].sort()

test('an upload and its image sizes go to the bucket, not the media folder, and a delete removes them', async () => {
  const { media, bytes } = await upload('harbour')
  const files = filesOf(media)
  expect(files).toHaveLength(4) // the original, thumbnail, card and hero
  expect(await inBucket(files)).toEqual(files)
  expect(await localFiles()).toEqual([])

  // The platform reads the original and each size from the bucket.
  const original = await readMediaFile(app.payload, {
    collection: 'media',
    filename: media.filename,
  })
  expect(Buffer.from(original!.bytes).equals(bytes)).toBe(true)
  expect(original!.contentType).toBe('image/png')
  const thumbnail = await readMediaFile(app.payload, {
    collection: 'media',
    filename: media.sizes.thumbnail!.filename!,
  })
  expect((await sharp(thumbnail!.bytes).metadata()).width).toBe(400)
  // A name no media document has is not read, even when the bucket holds such an object.
  expect(await readMediaFile(app.payload, { collection: 'media', filename: 'other.png' })).toBe(
    null,
  )

  await app.payload.delete({ collection: 'media', id: media.id })
  expect(await inBucket(files)).toEqual([])
})

test('a delivery reads the image from the bucket: the hosted site gets its bytes', async () => {
  const { payload } = app
  const { media, bytes } = await upload('lighthouse')
  const hosted = await payload.create({
    collection: 'integrations',
    data: { name: 'Hosted', site: world.siteA, platform: 'sites', config: {} },
  })
  await payload.create({
    collection: 'publishing-rules',
    data: { site: world.siteA, name: 'Hosted everything', destinations: [hosted.id] },
  })
  const post = await payload.create({
    collection: 'posts',
    data: {
      title: 'Seen from the water',
      slug: 'seen-from-the-water',
      site: world.siteA,
      _status: 'published',
      featuredImage: media.id,
      content: lexicalParagraph('A post with a picture'),
    },
  })
  await drainDeliveries(payload)
  const site = await payload.findByID({ collection: 'sites', id: world.siteA })
  const dir = await storeFor({}).currentDir(site.slug as string)
  expect(dir).not.toBeNull()
  const copied = await readFile(path.join(dir!, 'media', media.filename))
  expect(copied.equals(bytes)).toBe(true)
  expect(await localFiles()).toEqual([])

  // A new image whose object is gone from the bucket: the delivery (which must copy it, unlike
  // the first image, already in the release) fails with a sentence, not the secret.
  const { media: missing } = await upload('harbour')
  await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: missing.filename }))
  await payload.update({
    collection: 'posts',
    id: post.id,
    data: { featuredImage: missing.id, _status: 'published' },
  })
  await drainDeliveries(payload)
  const record = (
    await payload.find({
      collection: 'publishing-records',
      where: { documentId: { equals: post.id }, integration: { equals: hosted.id } },
      limit: 1,
    })
  ).docs[0]!
  expect(record.status).toBe('failed')
  expect(record.lastError).toContain(`"${missing.filename}" is not in the CMS's storage`)

  const stored = await queryOn<{ text: string }>(
    app.databaseUri,
    `select (select coalesce(string_agg(r::text, ''), '') from publishing_records r)
         || (select coalesce(string_agg(j::text, ''), '') from payload_jobs j) as text`,
  )
  expect(String(stored.rows[0]?.text)).not.toContain(SECRET)
  expect(String(stored.rows[0]?.text)).not.toContain(ACCESS_KEY)
})
