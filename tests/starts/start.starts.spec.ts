/**
 * `npm start` on the built app (CI builds it first; without a current build this fails at once):
 * it migrates, then serves through our production server (scripts/server.ts), which answers an
 * anonymous read the read cache holds before Next routes it. Real requests, compared with
 * `next start` on the same build and database, where Next's proxy answers the same hits: the same
 * body, ETag, Cache-Control and Vary. A signed-in or API-key reader, and a hosted site's domain,
 * are never answered from the cache; a publish is seen by the next read; Ctrl+C stops it calmly.
 *
 * Which server answered shows in one header: an answer that went through Next carries
 * `X-Powered-By` (Next's, and Payload's via withPayload's headers); the server's own hits do not.
 */
import { spawn, type ChildProcess } from 'child_process'
import http from 'http'
import path from 'path'
import zlib from 'zlib'

import type { World } from '../helpers/fixtures'

import { buildProblem } from '../../scripts/lib/browserPrerequisites.mjs'
import { startWorld, type TestApp } from '../helpers/app'
import { ALARMING, appPort, exitOf, npmRun, signalGroup, untilReady, type Started } from './helpers'

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string }

/** The body as sent, gunzipped when it came gzipped. */
const decoded = (raw: Buffer, encoding: string | undefined): string =>
  (encoding === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8')

/** One request as a client sends it, with exactly these headers (a Host of our choosing too). */
const send = (
  port: number,
  target: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: target, method, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: decoded(Buffer.concat(chunks), res.headers['content-encoding']),
          }),
        )
      },
    )
    req.on('error', reject)
    req.end(body)
  })

/** The third of three anonymous reads: by then the route has stored the answer and mapped the URL. */
const warmRead = async (
  port: number,
  target: string,
  headers: Record<string, string> = {},
): Promise<Answer> => {
  await send(port, target, { headers })
  await send(port, target, { headers })
  return send(port, target, { headers })
}

let app: TestApp
let world: World
let post: number
let started: Started
let startPort: number
let nextStart: ChildProcess
let nextPort: number

const ready = (child: Started, port: number, what: string) =>
  untilReady(
    child,
    async () => ((await send(port, '/api/posts?limit=1')).status === 200 ? true : null),
    240_000,
    what,
  )

beforeAll(async () => {
  const problem = buildProblem()
  if (problem)
    throw new Error(`${problem}: run \`npm run build\` first (npm start serves the build).`)
  ;({ app, world } = await startWorld())
  post = (
    await app.payload.create({
      collection: 'posts',
      data: {
        title: 'Read fast',
        // Long enough for a compressed answer (Next compresses from 1 KiB).
        excerpt: 'Headless consumers read far more often than editors write. '.repeat(40),
        site: world.siteA,
        _status: 'published',
      },
    })
  ).id
  // Site A is a hosted site at acme.example: every request with that Host is the site's.
  await app.payload.update({
    collection: 'sites',
    id: world.siteA,
    data: { domain: 'acme.example' },
  })
  await app.payload.create({
    collection: 'integrations',
    data: { name: 'Hosted', site: world.siteA, platform: 'sites', config: {} },
  })
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    DATABASE_URI: app.databaseUri,
    JOBS_RUNNER: 'false',
  }
  for (const name of ['SERVER_URL', 'NODE_ENV']) delete env[name]
  startPort = await appPort()
  started = npmRun('start', { ...env, PORT: String(startPort) })
  await ready(started, startPort, 'npm start')
  nextPort = await appPort()
  const output: string[] = []
  nextStart = spawn(path.resolve('node_modules/.bin/next'), ['start', '--port', String(nextPort)], {
    env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  nextStart.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  nextStart.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
  await ready(Object.assign(nextStart, { output: () => output.join('') }), nextPort, 'next start')
})

afterAll(async () => {
  if (nextStart && nextStart.exitCode === null) {
    nextStart.kill('SIGTERM')
    await exitOf(nextStart)
  }
  if (started && started.exitCode === null) {
    signalGroup(started, 'SIGKILL')
    await exitOf(started)
  }
  await app?.close()
})

const target = () => `/api/posts/${post}?depth=0`

it("answers a repeated anonymous read itself, with the proxy's body, ETag, Cache-Control and Vary", async () => {
  const ours = await warmRead(startPort, target())
  const proxys = await warmRead(nextPort, target())
  expect(ours.status).toBe(200)
  expect(ours.headers['x-read-cache']).toBe('hit')
  expect(ours.headers['x-powered-by']).toBeUndefined()
  expect(proxys.headers['x-read-cache']).toBe('hit')
  expect(proxys.headers['x-powered-by']).toBeDefined()
  expect(JSON.parse(ours.body).title).toBe('Read fast')
  expect(ours.body).toBe(proxys.body)
  for (const name of ['etag', 'cache-control', 'vary', 'content-type'])
    expect([name, ours.headers[name]]).toEqual([name, proxys.headers[name]])
  expect(ours.headers['cache-control']).toBe('public, no-cache')
  expect(Number(ours.headers['content-length'])).toBe(Buffer.byteLength(ours.body))

  const etag = ours.headers.etag!
  const notModified = await send(startPort, target(), { headers: { 'If-None-Match': etag } })
  expect([notModified.status, notModified.body, notModified.headers.etag]).toEqual([304, '', etag])
  expect(notModified.headers['x-powered-by']).toBeUndefined()
  // A query Next writes back in its own form (brackets encoded) is found too.
  const select = '/api/posts?depth=0&select[title]=true&limit=10&select[slug]=true'
  const selected = await warmRead(startPort, select)
  expect([selected.headers['x-read-cache'], selected.headers['x-powered-by']]).toEqual([
    'hit',
    undefined,
  ])
  expect(selected.body).toBe((await warmRead(nextPort, select)).body)

  // Asked for gzip, both send the same bytes gzipped.
  const zipped = await warmRead(startPort, target(), { 'Accept-Encoding': 'gzip, deflate, br' })
  const proxyZipped = await warmRead(nextPort, target(), { 'Accept-Encoding': 'gzip, deflate, br' })
  expect(zipped.headers['x-powered-by']).toBeUndefined()
  expect([zipped.headers['content-encoding'], proxyZipped.headers['content-encoding']]).toEqual([
    'gzip',
    'gzip',
  ])
  expect([zipped.body, zipped.headers.etag]).toEqual([proxys.body, proxys.headers.etag])
  const head = await send(startPort, target(), { method: 'HEAD' })
  expect([head.status, head.body, head.headers.etag]).toEqual([200, '', etag])
  expect(head.headers['x-powered-by']).toBeUndefined()
})

it('hands a request with a session cookie or an Authorization header to Next, never the cached answer', async () => {
  await warmRead(startPort, target())
  const { admin, apiKey } = world.actors
  const token = admin && 'token' in admin ? admin.token : ''
  const key = apiKey && 'apiKey' in apiKey ? apiKey.apiKey : ''
  for (const headers of <Record<string, string>[]>[
    { Cookie: `theme=dark; payload-token=${token}` },
    { Authorization: `JWT ${token}` },
    { Authorization: `users API-Key ${key}` },
  ]) {
    const answer = await send(startPort, target(), { headers })
    expect(answer.status).toBe(200)
    expect(answer.headers['x-powered-by']).toBeDefined()
    expect(answer.headers['cache-control']).toBe('private, no-cache')
  }
})

it("leaves a request to a hosted site's domain to the site", async () => {
  const cached = await warmRead(startPort, target())
  const site = await send(startPort, target(), { headers: { Host: 'acme.example' } })
  expect(site.headers['x-read-cache']).toBeUndefined()
  expect(site.headers['x-powered-by']).toBeDefined()
  expect(site.body).not.toBe(cached.body)
})

it('answers the next read after a publish with the new version', async () => {
  const before = await warmRead(startPort, target())
  expect(before.headers['x-read-cache']).toBe('hit')
  const { admin } = world.actors
  const token = admin && 'token' in admin ? admin.token : ''
  const publish = await send(startPort, `/api/posts/${post}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/json', Authorization: `JWT ${token}` },
    body: JSON.stringify({ title: 'Read fast, renamed', _status: 'published' }),
  })
  expect(publish.status).toBe(200)
  const after = await send(startPort, target(), {
    headers: { 'If-None-Match': before.headers.etag! },
  })
  expect(after.status).toBe(200)
  expect(JSON.parse(after.body).title).toBe('Read fast, renamed')
  expect(after.headers.etag).not.toBe(before.headers.etag)
  const again = await warmRead(startPort, target())
  expect(again.headers['x-read-cache']).toBe('hit')
  expect(again.headers['x-powered-by']).toBeUndefined()
  expect(again.body).toBe(after.body)
})

it('stops calmly on Ctrl+C with exit 0', async () => {
  signalGroup(started, 'SIGINT')
  expect(await exitOf(started)).toBe(0)
  expect(started.output()).toContain('[syndicate] stopped')
  expect(started.output()).not.toMatch(ALARMING)
})
