/**
 * Remote answers are read with a cap: a sync importing a remote image stops reading one that
 * streams past the limit without Content-Length, and stores nothing.
 */
import http from 'http'
import { createLocalReq } from 'payload'

import { MAX_IMAGE_BYTES, safeFetch } from '@plugins/publishing/exports/server'
import { importImage } from '@plugins/publishing/sync/importImage'

import { startWorld, type TestApp } from '../helpers/app'
import { pngFile, type World } from '../helpers/fixtures'

let app: TestApp
let world: World
let server: http.Server
let base = ''
let endlessClosed: Promise<void> = Promise.resolve()
let sent = 0

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  const png = (await pngFile()).data
  server = http.createServer((req, res) => {
    // Neither answer says how long it is: chunked transfer, as a careless or hostile server sends.
    res.writeHead(200, { 'Content-Type': 'image/png', 'Transfer-Encoding': 'chunked' })
    if (req.url === '/small.png') return void res.end(png)
    endlessClosed = new Promise((resolve) => res.on('close', () => resolve()))
    const chunk = Buffer.alloc(256 * 1024, 0x89)
    const pump = (): void => {
      while (!res.destroyed) {
        sent += chunk.length
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
    }
    pump()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await app.close()
})

const fetch = (url: string | URL, init = {}) => safeFetch(url, { ...init, allowPrivate: true })
const image = (name: string) => ({
  url: `${base}/${name}`,
  alt: name,
  filename: name,
  sourceId: null,
})
const mediaCount = async () =>
  (await app.payload.count({ collection: 'media', where: { site: { equals: world.siteA } } }))
    .totalDocs

it('imports a remote image sent without Content-Length', async () => {
  const req = await createLocalReq({}, app.payload)
  const id = await importImage(req, {
    site: world.siteA,
    image: image('small.png'),
    fetch,
    fallbackAlt: 'x',
  })
  expect(id).toEqual(expect.any(Number))
  expect(await mediaCount()).toBe(1)
})

it('stops reading an image that streams past the cap, fails for good and stores nothing', async () => {
  const req = await createLocalReq({}, app.payload)
  const attempt = importImage(req, {
    site: world.siteA,
    image: image('endless.png'),
    fetch,
    fallbackAlt: 'x',
  })
  await expect(attempt).rejects.toMatchObject({
    name: 'PublishingError',
    retryable: false,
    message: `Downloading the remote image ${base}/endless.png failed: the answer is larger than the limit of 25 MiB`,
  })
  await endlessClosed
  // The server could write ahead into socket buffers, but not much past the cap.
  expect(sent).toBeLessThan(MAX_IMAGE_BYTES + 16 * 1024 * 1024)
  expect(await mediaCount()).toBe(1)
})
