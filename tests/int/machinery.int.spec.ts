/**
 * Payload's own machinery, reached over REST: account unlock, the job endpoints and collection,
 * document locks and admin preferences. Each is refused to whoever should not reach it (editors,
 * API keys, the public), while the admin, the runner's Local API calls and an editor's own work in
 * the admin keep working.
 */
import type { User } from '@/payload-types'

import type { ApiResponse } from '../helpers/rest'

import { startWorld, type TestApp } from '../helpers/app'
import { type World } from '../helpers/fixtures'

type Actor = keyof World['actors']
const NOT_ADMINS: Actor[] = ['editorA', 'editorB', 'apiKey', 'anonymous']

let app: TestApp
let world: World

beforeAll(async () => {
  ;({ app, world } = await startWorld())
})
afterAll(() => app.close())

const refused = (res: ApiResponse) => expect([401, 403, 404]).toContain(res.status)

describe('account unlock', () => {
  const lockOut = (id: number) =>
    app.payload.db.updateOne({
      collection: 'users',
      id,
      data: { loginAttempts: 5, lockUntil: new Date(Date.now() + 600_000).toISOString() },
    })
  const lockState = async (id: number) => {
    const user = (await app.payload.db.findOne({
      collection: 'users',
      where: { id: { equals: id } },
    })) as User | null
    return { loginAttempts: user?.loginAttempts, lockUntil: user?.lockUntil }
  }

  it.each(NOT_ADMINS)(
    'is refused to %s, who learns nothing about which accounts exist',
    async (actor) => {
      await lockOut(world.users.editorB)
      const before = await lockState(world.users.editorB)
      const existing = await app.api.post('/users/unlock', {
        auth: world.actors[actor],
        body: { email: 'editor-b@example.com' },
      })
      const missing = await app.api.post('/users/unlock', {
        auth: world.actors[actor],
        body: { email: 'nobody@example.com' },
      })
      refused(existing)
      expect(missing.status).toBe(existing.status)
      expect(missing.body).toEqual(existing.body)
      expect(await lockState(world.users.editorB)).toEqual(before)
    },
  )

  it('is open to an admin', async () => {
    await lockOut(world.users.editorB)
    const res = await app.api.post('/users/unlock', {
      auth: world.actors.admin,
      body: { email: 'editor-b@example.com' },
    })
    expect(res.status).toBe(200)
    expect((await lockState(world.users.editorB)).loginAttempts).toBe(0)
  })
})

describe('jobs', () => {
  const QUEUE = 'machinery-spec'
  const queueJob = () =>
    app.payload.jobs.queue({
      task: 'publishing-sync',
      queue: QUEUE,
      input: { integration: 2_000_000_000 },
    })
  const job = async (id: number | string) =>
    app.payload.findByID({ collection: 'payload-jobs', id, depth: 0 })

  it.each([...NOT_ADMINS, 'admin'] as Actor[])(
    "does not run Payload's runner for %s over REST",
    async (actor) => {
      const queued = await queueJob()
      for (const path of [
        `/payload-jobs/run?queue=${QUEUE}`,
        `/payload-jobs/run?allQueues=true`,
        `/payload-jobs/handle-schedules`,
      ]) {
        refused(await app.api.get(path, { auth: world.actors[actor] }))
      }
      const after = await job(queued.id)
      expect(after.totalTried ?? 0).toBe(0)
      expect(after.completedAt ?? null).toBeNull()
      expect(after.processing).toBe(false)
    },
  )

  it.each([...NOT_ADMINS, 'admin'] as Actor[])(
    'does not let %s read, write or delete jobs',
    async (actor) => {
      const queued = await queueJob()
      const auth = world.actors[actor]
      refused(await app.api.get('/payload-jobs', { auth }))
      refused(await app.api.get(`/payload-jobs/${queued.id}`, { auth }))
      refused(
        await app.api.post('/payload-jobs', {
          auth,
          body: { taskSlug: 'publishing-sync', input: { integration: 1 } },
        }),
      )
      refused(
        await app.api.patch(`/payload-jobs/${queued.id}`, { auth, body: { processing: true } }),
      )
      refused(await app.api.delete(`/payload-jobs/${queued.id}`, { auth }))
      expect((await job(queued.id)).processing).toBe(false)
    },
  )

  it('still runs jobs through the Local API, as the runner does, and refuses a request without override', async () => {
    const queued = await queueJob()
    await expect(app.payload.jobs.run({ queue: QUEUE, overrideAccess: false })).rejects.toThrow()
    await expect(
      app.payload.jobs.queue({
        task: 'publishing-sync',
        queue: QUEUE,
        input: { integration: 1 },
        overrideAccess: false,
      }),
    ).rejects.toThrow()
    await app.payload.jobs.run({ queue: QUEUE, limit: 100, silent: true })
    // Payload deletes a job once it completes; one that failed stays, marked.
    const after = await app.payload.findByID({
      collection: 'payload-jobs',
      id: queued.id,
      depth: 0,
      disableErrors: true,
    })
    expect(after === null || Boolean(after.completedAt) || Boolean(after.hasError)).toBe(true)
  })
})

describe('document locks', () => {
  const page = async (site: number) =>
    (
      await app.payload.create({
        collection: 'pages',
        data: { title: `Locked ${Math.random()}`, site },
      })
    ).id
  const lock = async (pageId: number, user: number) =>
    (
      await app.payload.create({
        collection: 'payload-locked-documents',
        data: {
          document: { relationTo: 'pages', value: pageId },
          user: { relationTo: 'users', value: user },
        },
      })
    ).id
  const lockIds = (res: ApiResponse) => (res.body.docs ?? []).map((doc: { id: number }) => doc.id)

  it('shows an editor the locks of their sites only, and admins every lock', async () => {
    const mine = await lock(await page(world.siteA), world.users.editorA)
    const theirs = await lock(await page(world.siteB), world.users.editorB)
    const editor = await app.api.get('/payload-locked-documents?limit=100', {
      auth: world.actors.editorA,
    })
    expect(editor.status).toBe(200)
    expect(lockIds(editor)).toContain(mine)
    expect(lockIds(editor)).not.toContain(theirs)
    refused(
      await app.api.get(`/payload-locked-documents/${theirs}`, { auth: world.actors.editorA }),
    )
    const admin = await app.api.get('/payload-locked-documents?limit=100', {
      auth: world.actors.admin,
    })
    expect(lockIds(admin)).toEqual(expect.arrayContaining([mine, theirs]))
  })

  it.each(['apiKey', 'anonymous'] as Actor[])(
    'shows %s no locks and lets them change none',
    async (actor) => {
      const id = await lock(await page(world.siteA), world.users.editorA)
      const auth = world.actors[actor]
      refused(await app.api.get('/payload-locked-documents', { auth }))
      refused(await app.api.get(`/payload-locked-documents/${id}`, { auth }))
      refused(
        await app.api.patch(`/payload-locked-documents/${id}`, {
          auth,
          body: { user: { relationTo: 'users', value: world.users.admin } },
        }),
      )
      refused(await app.api.delete(`/payload-locked-documents/${id}`, { auth }))
      expect(
        await app.payload.count({
          collection: 'payload-locked-documents',
          where: { id: { equals: id } },
        }),
      ).toEqual({ totalDocs: 1 })
    },
  )

  it("does not let an editor take over, move or remove the lock of another site's document", async () => {
    const theirs = await lock(await page(world.siteB), world.users.editorB)
    const auth = world.actors.editorA
    refused(
      await app.api.patch(`/payload-locked-documents/${theirs}`, {
        auth,
        body: { user: { relationTo: 'users', value: world.users.editorA } },
      }),
    )
    refused(await app.api.delete(`/payload-locked-documents/${theirs}`, { auth }))
    const after = await app.payload.findByID({
      collection: 'payload-locked-documents',
      id: theirs,
      depth: 0,
    })
    expect(after.user).toEqual({ relationTo: 'users', value: world.users.editorB })
  })

  it('lets nobody but Payload itself create locks over REST', async () => {
    const target = await page(world.siteA)
    for (const actor of ['editorA', 'apiKey', 'anonymous', 'admin'] as Actor[]) {
      const res = await app.api.post('/payload-locked-documents', {
        auth: world.actors[actor],
        body: {
          document: { relationTo: 'pages', value: target },
          user: { relationTo: 'users', value: world.users.editorB },
        },
      })
      refused(res)
    }
  })

  it('lets an editor work on a document of their site as the admin does: read its lock, edit, take over, leave', async () => {
    const target = await page(world.siteA)
    const id = await lock(target, world.users.reader)
    // The admin's form reads the lock with the editor as user and access applied.
    const editor = {
      ...(await app.payload.findByID({ collection: 'users', id: world.users.editorA })),
      collection: 'users' as const,
    }
    const seen = await app.payload.find({
      collection: 'payload-locked-documents',
      overrideAccess: false,
      user: editor,
      where: {
        and: [
          { 'document.relationTo': { equals: 'pages' } },
          { 'document.value': { equals: target } },
        ],
      },
    })
    expect(seen.docs.map((doc) => doc.id)).toEqual([id])
    // Someone else holds it: Payload refuses the edit as locked (423), as the admin would.
    const blocked = await app.api.patch(`/pages/${target}`, {
      auth: world.actors.editorA,
      body: { title: 'Edited while locked' },
    })
    expect(blocked.status).toBe(423)
    // Taking over names the caller, whoever the body names, and never moves the lock.
    const other = await page(world.siteA)
    const takeOver = await app.api.patch(`/payload-locked-documents/${id}`, {
      auth: world.actors.editorA,
      body: {
        user: { relationTo: 'users', value: world.users.admin },
        document: { relationTo: 'pages', value: other },
      },
    })
    expect(takeOver.status).toBe(200)
    const held = await app.payload.findByID({
      collection: 'payload-locked-documents',
      id,
      depth: 0,
    })
    expect(held.user).toEqual({ relationTo: 'users', value: world.users.editorA })
    expect(held.document).toEqual({ relationTo: 'pages', value: target })
    const edit = await app.api.patch(`/pages/${target}`, {
      auth: world.actors.editorA,
      body: { title: 'Edited while holding the lock' },
    })
    expect(edit.status).toBe(200)
    // Leaving the document releases its lock (a save releases it too).
    const again = await lock(target, world.users.editorA)
    const leave = await app.api.delete(`/payload-locked-documents/${again}`, {
      auth: world.actors.editorA,
    })
    expect(leave.status).toBe(200)
    expect(
      await app.payload.count({
        collection: 'payload-locked-documents',
        where: { id: { equals: again } },
      }),
    ).toEqual({ totalDocs: 0 })
  })
})

describe('admin preferences', () => {
  it('keeps each person to their own preferences and API keys out', async () => {
    const set = await app.api.post('/payload-preferences/machinery-spec', {
      auth: world.actors.editorA,
      body: { value: { columns: ['title'] } },
    })
    expect(set.status).toBe(200)
    const own = await app.api.get('/payload-preferences/machinery-spec', {
      auth: world.actors.editorA,
    })
    expect(own.body.value).toEqual({ columns: ['title'] })
    const admin = await app.api.get('/payload-preferences/machinery-spec', {
      auth: world.actors.admin,
    })
    expect(admin.body.value ?? null).toBeNull()
    const list = await app.api.get('/payload-preferences?limit=100', { auth: world.actors.editorB })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((doc: { key: string }) => doc.key)).not.toContain('machinery-spec')
    for (const actor of ['apiKey', 'anonymous'] as Actor[]) {
      const auth = world.actors[actor]
      refused(await app.api.get('/payload-preferences', { auth }))
      refused(await app.api.get('/payload-preferences/machinery-spec', { auth }))
      refused(
        await app.api.post('/payload-preferences/machinery-spec', { auth, body: { value: 'x' } }),
      )
    }
  })
})
