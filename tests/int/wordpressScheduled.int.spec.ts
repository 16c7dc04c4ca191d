/**
 * Scheduled posts and a real WordPress (scripts/wordpress-test-server.sh): a post scheduled in
 * Syndicate appears on WordPress at its time, once, and not before; a post scheduled on WordPress
 * (`future`) is pulled as a draft with Payload's scheduled publish for its date, and goes live
 * nowhere before it. Works as a WordPress Editor of its own, deleted with its posts at the end.
 */
import type { Payload } from 'payload'

import { randomBytes } from 'crypto'

import { queueSync, runDeliveries, runSyncs } from '@plugins/publishing/exports/server'

import { startWorld, type TestApp } from '../helpers/app'
import { pendingDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { describeWithWordPress } from '../helpers/wordpress'
import {
  createEditor,
  getPost,
  removeEditor,
  wpRequest,
  type WpPost,
  type WpUser,
} from '../helpers/wordpressRest'

const RUN = randomBytes(3).toString('hex')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
/** WordPress's `date_gmt`: UTC to the second, without offset. */
const gmt = (at: Date) => at.toISOString().slice(0, 19)

describeWithWordPress('scheduled posts with WordPress', (wp) => {
  let app: TestApp
  let payload: Payload
  let world: World
  let editor: WpUser
  let integration: number
  const NAME = `WordPress scheduled ${RUN}`

  /** The editor's posts on WordPress titled `title`, whatever their status. */
  const remoteByTitle = async (title: string): Promise<WpPost[]> => {
    const res = await wpRequest<WpPost[]>(wp(), 'GET', '/wp/v2/posts', {
      query: { search: title, status: 'any', context: 'edit', author: editor.id, per_page: 20 },
    })
    expect(res.status).toBe(200)
    return res.body.filter((post) => post.title.raw === title)
  }

  /** The runner's tick, in process, every 250 ms until `done` says so (scheduled publishes included). */
  const runUntil = async (done: () => Promise<boolean>, each: () => Promise<void>, ms: number) => {
    const deadline = Date.now() + ms
    while (Date.now() < deadline) {
      await each()
      const { settled } = await runDeliveries(payload)
      await settled
      if (await done()) return
      await sleep(250)
    }
    throw new Error(`not done after ${ms} ms`)
  }

  const scheduledOf = async (id: number) => {
    const res = await app.api.get(`/publishing/scheduled?collection=posts&id=${id}`, {
      auth: world.actors.editorA,
    })
    expect(res.status).toBe(200)
    return res.body.scheduled as { type: string; at: string; destinations: string[] }[]
  }

  beforeAll(async () => {
    ;({ app, world } = await startWorld())
    payload = app.payload
    editor = await createEditor(wp(), 'syndicate-sched', RUN)
    const res = await app.api.post('/integrations', {
      auth: world.actors.admin,
      body: {
        name: NAME,
        site: world.siteA,
        platform: 'wordpress',
        config: { siteUrl: wp().url },
        credentials: { username: editor.user, applicationPassword: editor.password },
      },
    })
    expect(res.status).toBe(201)
    integration = res.body.doc.id
  })
  afterAll(async () => {
    if (editor) await removeEditor(wp(), editor.id)
    await app?.close()
  })

  it('publishes a post scheduled in Syndicate on WordPress at its time, exactly once, and not before', async () => {
    const title = `Scheduled here ${RUN}`
    const post = await payload.create({
      collection: 'posts',
      data: { title, site: world.siteA, content: lexicalParagraph('Later body') },
      draft: true,
    })
    const at = new Date(Date.now() + 6_000)
    // What the admin's "Schedule publish" drawer queues (the id as a string, Payload #10481).
    await payload.jobs.queue({
      task: 'schedulePublish',
      input: {
        type: 'publish',
        doc: { relationTo: 'posts', value: String(post.id) as unknown as number },
        user: { relationTo: 'users', value: world.users.editorA },
      },
      waitUntil: at,
    })
    expect(await scheduledOf(post.id)).toEqual([
      { type: 'publish', at: at.toISOString(), destinations: [NAME] },
    ])

    let seenBefore = 0
    await runUntil(
      async () => (await remoteByTitle(title)).some((p) => p.status === 'publish'),
      async () => {
        if (Date.now() < at.getTime() - 500) seenBefore += (await remoteByTitle(title)).length
      },
      60_000,
    )
    expect(seenBefore).toBe(0)
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime())
    // More ticks change nothing: one copy, live.
    for (let i = 0; i < 4; i++) await (await runDeliveries(payload)).settled
    const copies = await remoteByTitle(title)
    expect(copies.map((p) => p.status)).toEqual(['publish'])
    expect(await scheduledOf(post.id)).toEqual([])
  }, 120_000)

  it('pulls a post scheduled on WordPress (`future`) as scheduled: a draft here until its time, then live on both sides', async () => {
    const title = `Scheduled there ${RUN}`
    // WordPress publishes at once a `future` post less than a minute ahead (wp_insert_post).
    const at = new Date(Math.ceil((Date.now() + 70_000) / 1000) * 1000)
    const created = await wpRequest<WpPost>(wp(), 'POST', '/wp/v2/posts', {
      json: { title, content: '<p>Coming soon.</p>', status: 'future', date_gmt: gmt(at) },
      login: { user: editor.user, password: editor.password },
      query: { context: 'edit' },
    })
    expect(created.status).toBe(201)
    expect(created.body.status).toBe('future')

    const sync = async () => {
      await queueSync(payload, integration)
      expect(await runSyncs(payload)).toMatchObject({ ran: true, jobs: 1 })
    }
    await sync()
    const { docs: records } = await payload.find({
      collection: 'publishing-records',
      where: {
        integration: { equals: integration },
        remoteId: { equals: String(created.body.id) },
      },
      depth: 0,
    })
    expect(records).toHaveLength(1)
    const id = records[0]!.documentId as number
    const local = await payload.findByID({ collection: 'posts', id, depth: 0 })
    expect(local).toMatchObject({ title, _status: 'draft', publishedAt: at.toISOString() })
    const { totalDocs: publishedVersions } = await payload.countVersions({
      collection: 'posts',
      where: { parent: { equals: id }, 'version._status': { equals: 'published' } },
    })
    expect(publishedVersions).toBe(0)
    expect(await scheduledOf(id)).toEqual([
      { type: 'publish', at: at.toISOString(), destinations: [NAME] },
    ])
    expect(await pendingDeliveries(payload)).toBe(0)

    // A second sync (after an edit there) keeps one schedule, and still nothing goes out.
    await sleep(1100)
    const edited = await wpRequest<WpPost>(wp(), 'POST', `/wp/v2/posts/${created.body.id}`, {
      json: { content: '<p>Coming soon, edited.</p>' },
      login: { user: editor.user, password: editor.password },
      query: { context: 'edit' },
    })
    expect(edited.body.status).toBe('future')
    await sync()
    expect(await scheduledOf(id)).toHaveLength(1)
    // WordPress dates a new scheduled post's modification at its publish time: the sync cursor
    // must not follow it there, or this edit (made before) would never be seen.
    const afterEdit = await payload.findByID({ collection: 'posts', id, depth: 0 })
    expect(afterEdit._status).toBe('draft')
    expect(JSON.stringify(afterEdit.content)).toContain('Coming soon, edited.')
    for (let i = 0; i < 3; i++) await (await runDeliveries(payload)).settled
    expect((await getPost(wp(), 'posts', created.body.id)).body.status).toBe('future')

    // At its time Payload's scheduled publish publishes it here, and the copy is live there.
    await runUntil(
      async () =>
        (await payload.findByID({ collection: 'posts', id, depth: 0 }))._status === 'published' &&
        (await pendingDeliveries(payload)) === 0,
      async () => {},
      150_000,
    )
    expect(Date.now()).toBeGreaterThanOrEqual(at.getTime())
    const remote = await getPost(wp(), 'posts', created.body.id)
    expect(remote.body.status).toBe('publish')
    expect((await remoteByTitle(title)).map((p) => p.id)).toEqual([created.body.id])
  }, 240_000)
})
