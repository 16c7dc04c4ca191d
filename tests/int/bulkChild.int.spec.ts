/**
 * The app's runner leaves "publish everything" to a child process (the `bulkProcess` option, as
 * src/config/publishing.ts sets it for `npm run dev`/`start`): the run's deliveries reach the
 * destination once each, over connections of the child (not of the process answering the admin),
 * the child runs at niceness 19, it exits by itself once idle, and
 * exits before the app's runner stop settles.
 */
import fs from 'fs'
import http from 'http'

import { startRunner } from '@plugins/publishing/exports/server'

import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph } from '../helpers/fixtures'
import { waitFor } from '../helpers/wait'

// Read by src/config/publishing.ts and by the child when the app starts below.
process.env.BULK_PROCESS = 'on'
process.env.BULK_IDLE_SECONDS = '2'
const POSTS = 12

let app: TestApp
let world: World
let server: http.Server
let hookUrl: string
let stopRunner: (() => Promise<void>) | null = null
/** How long the hook takes to answer (the second test keeps deliveries in flight). */
let answerAfterMs = 0

type Seen = {
  document: string
  sender: number | null
  niceness: number | null
}
const seen: Seen[] = []

/** Fields of /proc/<pid>/stat after the command name: [0] is field 3 (state). */
const statOf = (pid: number): string[] | null => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return null
  }
}

const alive = (pid: number): boolean => {
  const state = statOf(pid)?.[0]
  return state !== undefined && state !== 'Z'
}

/** This process's children started with `--bulk-only` (the bulk child). */
const bulkChildren = (): number[] =>
  fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => Number(statOf(pid)?.[1]) === process.pid && alive(pid))
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('--bulk-only')
      } catch {
        return false
      }
    })

/** The inode of the TCP socket whose local port is `port` and peer port `peer` (the sender's end). */
const socketInode = (port: number, peer: number): string | null => {
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      if (cols.length < 10) continue
      const local = parseInt(cols[1]!.split(':').pop()!, 16)
      const remote = parseInt(cols[2]!.split(':').pop()!, 16)
      if (local === port && remote === peer) return cols[9]!
    }
  }
  return null
}

const ownsSocket = (pid: number, inode: string): boolean => {
  try {
    return fs
      .readdirSync(`/proc/${pid}/fd`)
      .some((fd) => fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`)
  } catch {
    return false
  }
}

/** Which process sent `req`: this one, the bulk child, or neither (null). */
const senderOf = (req: http.IncomingMessage): number | null => {
  const ownPort = (server.address() as { port: number }).port
  const inode = socketInode(req.socket.remotePort!, ownPort)
  if (!inode) return null
  return [process.pid, ...bulkChildren()].find((pid) => ownsSocket(pid, inode)) ?? null
}

/** A webhook destination that notes, as each request arrives, who sent it and the child's niceness. */
const startHook = async (): Promise<void> => {
  server = http.createServer((req, res) => {
    const sender = senderOf(req)
    const stat = sender === null ? null : statOf(sender)
    const niceness = stat ? Number(stat[16]) : null
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        document: { collection: string; id: number } | null
      }
      const document = `${body.document?.collection}:${body.document?.id}`
      seen.push({ document, sender, niceness })
      const copy = seen.length
      setTimeout(() => {
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ id: `copy-${copy}`, url: `https://hook.example/${copy}` }))
      }, answerAfterMs)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
}

const createHook = async (name: string): Promise<number> =>
  (
    await app.payload.create({
      collection: 'integrations',
      data: {
        name,
        site: world.siteA,
        platform: 'webhook',
        config: { url: hookUrl },
        credentials: { signingSecret: 'bulk-child-secret' },
      },
    })
  ).id

const publishAll = async (integration: number): Promise<void> => {
  const res = await app.api.post(`/integrations/${integration}/publish-all`, {
    auth: world.actors.admin,
  })
  expect(res.status).toBe(202)
}

const bulkStatus = async (integration: number): Promise<string | undefined> =>
  (await app.api.get(`/integrations/${integration}`, { auth: world.actors.admin })).body.bulk
    ?.status

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  await startHook()
  for (let i = 0; i < POSTS; i++)
    await app.payload.create({
      collection: 'posts',
      data: {
        title: `Post ${i}`,
        slug: `post-${i}`,
        site: world.siteA,
        _status: 'published',
        content: lexicalParagraph('Body'),
      },
    })
  await drainDeliveries(app.payload)
})
afterAll(async () => {
  await stopRunner?.()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await app.close()
})

describe('the bulk child process', () => {
  it('runs publish-all once per document in a child at niceness 19, which exits once idle', async () => {
    const integration = await createHook('Bulk hook')
    stopRunner = startRunner(app.payload)
    await publishAll(integration)
    await waitFor(async () => (await bulkStatus(integration)) === 'done', 150_000, 'the run')

    expect(seen).toHaveLength(POSTS)
    expect(new Set(seen.map((s) => s.document)).size).toBe(POSTS)
    // One sender for every delivery (the failure lists any other, null when its socket was not found).
    const child = seen[0]!.sender
    expect(seen.filter((s) => s.sender !== child)).toEqual([])
    expect(child).not.toBeNull()
    expect(child).not.toBe(process.pid)
    expect(seen.every((s) => s.niceness === 19)).toBe(true)

    await waitFor(async () => !alive(child!), 30_000, 'the idle child to exit')
    expect(bulkChildren()).toEqual([])
  }, 200_000)

  it("exits before the app's runner stop settles", async () => {
    const integration = await createHook('Second hook')
    const before = seen.length
    answerAfterMs = 3_000
    await publishAll(integration)
    await waitFor(async () => bulkChildren().length === 1, 30_000, 'a bulk child')
    const [child] = bulkChildren()
    await waitFor(async () => seen.length > before, 150_000, 'a first delivery')
    await stopRunner!()
    stopRunner = null
    // The child finished the deliveries it had in flight (the hook answered them) and exited.
    expect(alive(child!)).toBe(false)
    expect(bulkChildren()).toEqual([])
    expect(seen.slice(before).every((s) => s.sender === child)).toBe(true)
  }, 200_000)
})
