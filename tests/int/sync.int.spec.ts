/**
 * Two-way sync against a real WordPress (scripts/wordpress-test-server.sh): remote edits come in,
 * local ones go out, both at once become conflicts that resolve either way, remote-only content is
 * imported with its featured image, trashing is recorded, a sync that dies halfway loses nothing,
 * two worker processes run each due sync once. Every assertion on the remote reads WordPress's own
 * answers.
 *
 * The WordPress site is shared with the other suites: this file works as a WordPress Editor of its
 * own (deleted with everything it made at the end) and names what it makes with a per-run suffix.
 * Other suites only make copies that carry our source marker, which sync never imports.
 */
import type { Payload } from 'payload'

import { randomBytes } from 'crypto'
import sharp from 'sharp'

import type { AnyDestinationAdapter, RemoteItem } from '@plugins/publishing/exports/server'

import { queueSync, runSyncs, SKIP_PUBLISHING } from '@plugins/publishing/exports/server'
import { registryOf } from '@plugins/publishing/registry'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries, pendingDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startReceiver } from '../helpers/receiver'
import { waitFor } from '../helpers/wait'
import { describeWithWordPress } from '../helpers/wordpress'
import {
  createEditor,
  getPost,
  removeEditor,
  wpRequest,
  type WpPost,
  type WpUser,
} from '../helpers/wordpressRest'
import { killWorkers, startReadyWorker, type Worker } from '../helpers/worker'

const RUN = randomBytes(3).toString('hex')

type RecordDoc = Record<string, any>

describeWithWordPress('two-way sync with WordPress', (wp) => {
  let app: TestApp
  let payload: Payload
  let world: World
  let editor: WpUser
  let integration: number
  const asEditor = () => ({ user: editor.user, password: editor.password })

  const createIntegration = async (
    site: number,
    data: Record<string, unknown> = {},
  ): Promise<number> => {
    const res = await app.api.post('/integrations', {
      auth: world.actors.admin,
      body: {
        name: `WordPress ${site}`,
        site,
        platform: 'wordpress',
        config: { siteUrl: wp().url },
        credentials: { username: editor.user, applicationPassword: editor.password },
        // Everything else as a new integration has it: two-way, import on, manual conflicts.
        ...data,
      },
    })
    expect(res.status).toBe(201)
    return res.body.doc.id as number
  }

  /** One sync of `id`, now, through the scheduler's runner; returns the integration afterwards. */
  const sync = async (id = integration) => {
    await queueSync(payload, id)
    const ran = await runSyncs(payload)
    expect(ran).toMatchObject({ ran: true, jobs: 1 })
    return payload.findByID({ collection: 'integrations', id, depth: 0 })
  }

  const recordOf = async (
    collection: 'pages' | 'posts',
    documentId: number,
    id = integration,
  ): Promise<RecordDoc> => {
    const { docs } = await payload.find({
      collection: 'publishing-records',
      where: {
        documentCollection: { equals: collection },
        documentId: { equals: documentId },
        integration: { equals: id },
      },
      depth: 0,
    })
    expect(docs).toHaveLength(1)
    return docs[0]!
  }

  const recordByRemote = async (
    remoteId: number | string,
    id = integration,
  ): Promise<RecordDoc | undefined> =>
    (
      await payload.find({
        collection: 'publishing-records',
        where: { remoteId: { equals: String(remoteId) }, integration: { equals: id } },
        depth: 0,
      })
    ).docs[0]

  const publishLocal = async (title: string): Promise<{ id: number; remoteId: string }> => {
    const res = await app.api.post('/posts', {
      auth: world.actors.admin,
      body: {
        site: world.siteA,
        _status: 'published',
        title,
        content: lexicalParagraph(`${title} body.`),
      },
    })
    expect(res.status).toBe(201)
    await drainDeliveries(payload)
    const record = await recordOf('posts', res.body.doc.id)
    expect(record.status).toBe('published')
    return { id: res.body.doc.id, remoteId: String(record.remoteId) }
  }

  const remoteCreate = async (
    type: 'posts' | 'pages',
    data: Record<string, unknown>,
  ): Promise<WpPost> => {
    const res = await wpRequest<WpPost>(wp(), 'POST', `/wp/v2/${type}`, {
      json: { status: 'publish', ...data },
      login: asEditor(),
      query: { context: 'edit' },
    })
    expect(res.status).toBe(201)
    return res.body
  }

  const remoteEdit = async (
    type: 'posts' | 'pages',
    id: number | string,
    data: Record<string, unknown>,
  ): Promise<WpPost> => {
    // WordPress keeps modification times to the second: make sure an edit is a later second.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const res = await wpRequest<WpPost>(wp(), 'POST', `/wp/v2/${type}/${id}`, {
      json: data,
      login: asEditor(),
      query: { context: 'edit' },
    })
    expect(res.status).toBe(200)
    return res.body
  }

  const localDoc = (id: number) => payload.findByID({ collection: 'posts', id, depth: 0 })

  /** Edits a local post the way sync or another integration's pull does: saved, not delivered. */
  const localEditUndelivered = (id: number, data: Record<string, unknown>) =>
    payload.update({
      collection: 'posts',
      id,
      data: { ...data, _status: 'published' },
      context: { [SKIP_PUBLISHING]: true },
    })

  const contentText = (content: unknown): string => JSON.stringify(content)

  beforeAll(async () => {
    ;({ app, world } = await startWorld())
    payload = app.payload
    editor = await createEditor(wp(), 'syndicate-sync', RUN)
    integration = await createIntegration(world.siteA)
  })
  afterAll(async () => {
    if (editor) await removeEditor(wp(), editor.id)
    await app?.close()
  })

  let imported: { remote: WpPost; local: number }

  it('imports what exists remotely on the first sync: posts with their terms and featured image, and pages', async () => {
    const png = await sharp({
      create: { width: 20, height: 10, channels: 3, background: '#884422' },
    })
      .png()
      .toBuffer()
    const media = await wpRequest<{ id: number; source_url: string }>(
      wp(),
      'POST',
      '/wp/v2/media',
      {
        login: asEditor(),
        file: { bytes: png, name: `lighthouse-${RUN}.png`, type: 'image/png' },
        query: { alt_text: 'A lighthouse' },
      },
    )
    expect(media.status).toBe(201)
    const category = await wpRequest<{ id: number }>(wp(), 'POST', '/wp/v2/categories', {
      json: { name: `Coast ${RUN}` },
    })
    expect(category.status).toBe(201)
    const remote = await remoteCreate('posts', {
      title: `Written in WordPress ${RUN}`,
      content:
        '<p>Hello <strong>from WordPress</strong>.</p><script>alert("x")</script><p onclick="steal()">Second.</p>',
      excerpt: 'Short.',
      featured_media: media.body.id,
      categories: [category.body.id],
    })
    const page = await remoteCreate('pages', {
      title: `About ${RUN}`,
      content: '<h2>About us</h2><p>We sail.</p>',
    })

    const after = await sync()
    expect(after).toMatchObject({
      syncStatus: 'success',
      lastError: null,
      syncDirection: 'both',
      importRemoteContent: true,
      conflictPolicy: 'manual',
    })
    expect(after.lastSyncStats).toMatchObject({ errors: 0 })
    expect((after.lastSyncStats as { created: number }).created).toBeGreaterThanOrEqual(2)
    expect(after.syncCursor).toMatchObject({ posts: expect.any(String), pages: expect.any(String) })

    const record = await recordByRemote(remote.id)
    expect(record).toMatchObject({
      status: 'published',
      documentCollection: 'posts',
      remoteState: 'present',
      remoteHash: expect.any(String),
    })
    const local = await payload.findByID({ collection: 'posts', id: record!.documentId, depth: 1 })
    expect(local).toMatchObject({
      title: `Written in WordPress ${RUN}`,
      excerpt: 'Short.',
      _status: 'published',
      site: expect.objectContaining({ id: world.siteA }),
    })
    expect(contentText(local.content)).toContain('from WordPress')
    expect(contentText(local.content)).toContain('Second.')
    expect(contentText(local.content)).not.toMatch(/alert|steal|onclick|script/)
    expect((local.categories as { name: string }[]).map((c) => c.name)).toEqual([`Coast ${RUN}`])
    const image = local.featuredImage as {
      alt: string
      site: number
      filename: string
      mimeType: string
    }
    expect(image).toMatchObject({ alt: 'A lighthouse', site: world.siteA, mimeType: 'image/png' })
    expect(image.filename).toContain(`lighthouse-${RUN}`)

    const pageRecord = await recordByRemote(page.id)
    const localPage = await payload.findByID({
      collection: 'pages',
      id: pageRecord!.documentId,
      depth: 0,
    })
    expect(localPage).toMatchObject({ title: `About ${RUN}`, _status: 'published' })
    expect(contentText(localPage.content)).toContain('We sail.')
    // Imports are linked, not delivered back.
    expect(await pendingDeliveries(payload)).toBe(0)
    imported = { remote, local: record!.documentId }
  })

  it('imports a remote term whose slug would collide with a local term of another name, the same way at every sync', async () => {
    const local = await payload.create({
      collection: 'categories',
      data: { name: `Lang ${RUN}`, site: world.siteA },
    })
    const category = await wpRequest<{ id: number; slug: string }>(
      wp(),
      'POST',
      '/wp/v2/categories',
      { json: { name: `Lang ${RUN}++` } },
    )
    expect(category.status).toBe(201)
    const remote = await remoteCreate('posts', {
      title: `Plus plus ${RUN}`,
      content: '<p>Operators.</p>',
      categories: [category.body.id],
    })
    for (let n = 0; n < 2; n++) {
      const after = await sync()
      expect(after).toMatchObject({ syncStatus: 'success', lastError: null })
      expect(after.lastSyncStats).toMatchObject({ errors: 0 })
    }
    const record = await recordByRemote(remote.id)
    expect(record).toMatchObject({ status: 'published', remoteState: 'present' })
    const post = await payload.findByID({ collection: 'posts', id: record!.documentId, depth: 1 })
    const terms = post.categories as { id: number; name: string; slug: string }[]
    expect(terms.map((c) => c.name)).toEqual([`Lang ${RUN}++`])
    expect(terms[0]!.id).not.toBe(local.id)
    expect(terms[0]!.slug).toBe(`${local.slug}-2`)
    const { totalDocs } = await payload.count({
      collection: 'categories',
      where: { site: { equals: world.siteA }, name: { equals: `Lang ${RUN}++` } },
    })
    expect(totalDocs).toBe(1)
  })

  it('brings a remote edit in, without delivering it back', async () => {
    const edited = await remoteEdit('posts', imported.remote.id, {
      title: `Edited in WordPress ${RUN}`,
      content: '<p>New words.</p>',
    })
    const after = await sync()
    expect(after.lastSyncStats).toMatchObject({ updated: 1, pushed: 0, conflicts: 0, errors: 0 })
    const local = await localDoc(imported.local)
    expect(local.title).toBe(`Edited in WordPress ${RUN}`)
    expect(contentText(local.content)).toContain('New words.')
    expect(await pendingDeliveries(payload)).toBe(0)
    expect((await getPost(wp(), 'posts', imported.remote.id)).body.modified_gmt).toBe(
      edited.modified_gmt,
    )
  })

  it('imports an image a WordPress edit added to the content as media, once, and the next push keeps it', async () => {
    const { id, remoteId } = await publishLocal(`Buoys ${RUN}`)
    const png = await sharp({
      create: { width: 16, height: 12, channels: 3, background: '#c03020' },
    })
      .png()
      .toBuffer()
    const upload = await wpRequest<{ id: number; source_url: string }>(
      wp(),
      'POST',
      '/wp/v2/media',
      {
        login: asEditor(),
        file: { bytes: png, name: `buoy-${RUN}.png`, type: 'image/png' },
      },
    )
    expect(upload.status).toBe(201)
    const withImage = (text: string) =>
      `<!-- wp:paragraph -->\n<p>${text}</p>\n<!-- /wp:paragraph -->\n\n` +
      `<!-- wp:image {"id":${upload.body.id}} -->\n<figure class="wp-block-image"><img src="${upload.body.source_url}" alt="A red buoy" class="wp-image-${upload.body.id}"/></figure>\n<!-- /wp:image -->`
    const mediaCount = () =>
      payload
        .count({ collection: 'media', where: { site: { equals: world.siteA } } })
        .then((r) => r.totalDocs)
    const before = await mediaCount()
    const uploadsOf = (content: unknown): unknown[] => {
      const found: unknown[] = []
      const walk = (node: unknown) => {
        if (!node || typeof node !== 'object') return
        const n = node as { type?: string; children?: unknown[] }
        if (n.type === 'upload') found.push(n)
        n.children?.forEach(walk)
      }
      walk((content as { root: unknown }).root)
      return found
    }

    await remoteEdit('posts', remoteId, { content: withImage('A buoy, added in WordPress.') })
    let after = await sync()
    expect(after.lastSyncStats).toMatchObject({ errors: 0 })
    expect(await recordOf('posts', id)).toMatchObject({ status: 'published', lastError: null })
    let local = await localDoc(id)
    expect(contentText(local.content)).toContain('A buoy, added in WordPress.')
    const [node] = uploadsOf(local.content) as { relationTo: string; value: number }[]
    expect(node).toMatchObject({ relationTo: 'media', value: expect.any(Number) })
    expect(
      await payload.findByID({ collection: 'media', id: node!.value, depth: 0 }),
    ).toMatchObject({ alt: 'A red buoy', site: world.siteA, filesize: png.length })
    expect(await mediaCount()).toBe(before + 1)

    // Edited again in WordPress, the same image: the same media, nothing imported twice.
    await remoteEdit('posts', remoteId, { content: withImage('A buoy, edited again.') })
    after = await sync()
    expect(after.lastSyncStats).toMatchObject({ errors: 0 })
    local = await localDoc(id)
    expect(contentText(local.content)).toContain('A buoy, edited again.')
    expect(uploadsOf(local.content)).toEqual([expect.objectContaining({ value: node!.value })])
    expect(await mediaCount()).toBe(before + 1)

    // The next push sends the image back as an image block of a WordPress media item.
    const res = await app.api.patch(`/posts/${id}`, {
      auth: world.actors.admin,
      body: { title: `Buoys ${RUN}, pushed` },
    })
    expect(res.status).toBe(200)
    await drainDeliveries(payload)
    expect(await recordOf('posts', id)).toMatchObject({ status: 'published', lastError: null })
    const pushed = (await getPost(wp(), 'posts', remoteId)).body
    expect(pushed.title.raw).toBe(`Buoys ${RUN}, pushed`)
    expect(pushed.content.raw).toMatch(/<!-- wp:image \{"id":\d+/)
    expect(pushed.content.raw).toMatch(/class="wp-image-\d+"/)
    expect(pushed.content.raw).toContain('A buoy, edited again.')
  })

  it("maps a remote page's parent to the local copy of that parent, and a move to the top level", async () => {
    const parent = await remoteCreate('pages', {
      title: `Marina ${RUN}`,
      content: '<p>The marina.</p>',
    })
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const child = await remoteCreate('pages', {
      title: `Berths ${RUN}`,
      content: '<p>Berths.</p>',
      parent: parent.id,
    })
    let after = await sync()
    expect(after.lastSyncStats).toMatchObject({ errors: 0 })
    const localParent = (await recordByRemote(parent.id))!.documentId
    const localChild = (await recordByRemote(child.id))!.documentId
    const page = (id: number) => payload.findByID({ collection: 'pages', id, depth: 0 })
    expect((await page(localChild)).parent).toBe(localParent)
    expect((await page(localParent)).parent ?? null).toBeNull()

    await remoteEdit('pages', child.id, { parent: 0 })
    after = await sync()
    expect(after.lastSyncStats).toMatchObject({ errors: 0 })
    expect((await page(localChild)).parent ?? null).toBeNull()
  })

  it("passes a pulled edit on to the site's other destinations, never back to its source", async () => {
    const receiver = await startReceiver('sync-secret')
    const hook = await payload.create({
      collection: 'integrations',
      data: {
        name: 'Hook',
        site: world.siteA,
        platform: 'webhook',
        config: { url: receiver.url },
        credentials: { signingSecret: 'sync-secret' },
      },
    })
    try {
      const edited = await remoteEdit('posts', imported.remote.id, {
        title: `Edited again in WordPress ${RUN}`,
      })
      const after = await sync()
      expect(after.lastSyncStats).toMatchObject({ updated: 1, pushed: 1, conflicts: 0 })
      await drainDeliveries(payload)
      expect(receiver.requests.map((r) => [r.document?.id, r.document?.title])).toEqual([
        [imported.local, `Edited again in WordPress ${RUN}`],
      ])
      expect((await getPost(wp(), 'posts', imported.remote.id)).body.modified_gmt).toBe(
        edited.modified_gmt,
      )
      expect((await recordOf('posts', imported.local, hook.id)).status).toBe('published')
    } finally {
      await payload.update({ collection: 'integrations', id: hook.id, data: { isActive: false } })
      await receiver.close()
    }
  })

  it('sends a local edit out: saved edits through the publish path, undelivered ones by the sync', async () => {
    const { id, remoteId } = await publishLocal(`Local news ${RUN}`)
    const res = await app.api.patch(`/posts/${id}`, {
      auth: world.actors.admin,
      body: { title: `Local news ${RUN}, revised` },
    })
    expect(res.status).toBe(200)
    await drainDeliveries(payload)
    expect((await getPost(wp(), 'posts', remoteId)).body.title.raw).toBe(
      `Local news ${RUN}, revised`,
    )
    await sync() // records the state; nothing to push

    await localEditUndelivered(id, { title: `Local news ${RUN}, pulled from elsewhere` })
    expect(await pendingDeliveries(payload)).toBe(0)
    const after = await sync()
    expect(after.lastSyncStats).toMatchObject({ pushed: 1, updated: 0, conflicts: 0 })
    await drainDeliveries(payload)
    expect((await getPost(wp(), 'posts', remoteId)).body.title.raw).toBe(
      `Local news ${RUN}, pulled from elsewhere`,
    )
    expect((await recordOf('posts', id)).status).toBe('published')
  })

  it('after a publish, ten consecutive syncs write nothing on either side and queue nothing', async () => {
    const { id, remoteId } = await publishLocal(`Quiet ${RUN}`)
    await sync() // the first sync after the publish sees our own write come back, and recognises it
    const snapshot = async () => {
      const counts: Record<string, number> = {}
      for (const collection of [
        'posts',
        'pages',
        'media',
        'categories',
        'tags',
        'publishing-records',
      ] as const) {
        counts[collection] = (await payload.count({ collection })).totalDocs
      }
      counts.otherJobs = (
        await payload.count({
          collection: 'payload-jobs',
          where: { queue: { not_equals: 'publishing-sync' } },
        })
      ).totalDocs
      const newest = async (collection: 'posts' | 'pages' | 'publishing-records') =>
        (await payload.find({ collection, sort: '-updatedAt', limit: 1, depth: 0 })).docs[0]
          ?.updatedAt
      return {
        counts,
        posts: await newest('posts'),
        pages: await newest('pages'),
        records: await newest('publishing-records'),
        doc: (await localDoc(id)).updatedAt,
        remote: (await getPost(wp(), 'posts', remoteId)).body.modified_gmt,
      }
    }
    const before = await snapshot()
    for (let i = 0; i < 10; i++) {
      const after = await sync()
      expect(after.lastSyncStats).toMatchObject({
        pulled: 0,
        created: 0,
        updated: 0,
        pushed: 0,
        conflicts: 0,
        errors: 0,
      })
    }
    expect(await snapshot()).toEqual(before)
  }, 120_000)

  it('stops a delivery that would overwrite a remote edit (the publish-path guard), and resolves it keeping the local version', async () => {
    const { id, remoteId } = await publishLocal(`Guarded ${RUN}`)
    await remoteEdit('posts', remoteId, { title: `Guarded ${RUN}, edited in WordPress` })
    const res = await app.api.patch(`/posts/${id}`, {
      auth: world.actors.admin,
      body: { title: `Guarded ${RUN}, edited here` },
    })
    expect(res.status).toBe(200)
    await drainDeliveries(payload)
    const record = await recordOf('posts', id)
    expect(record).toMatchObject({
      status: 'conflict',
      remoteVersion: { title: `Guarded ${RUN}, edited in WordPress`, url: expect.any(String) },
    })
    expect((await getPost(wp(), 'posts', remoteId)).body.title.raw).toBe(
      `Guarded ${RUN}, edited in WordPress`,
    )

    const resolved = await app.api.post(`/publishing-records/${record.id}/resolve`, {
      auth: world.actors.editorA,
      body: { keep: 'local' },
    })
    expect(resolved.status).toBe(202)
    expect(resolved.body.record).toMatchObject({
      id: record.id,
      status: 'queued',
      remoteVersion: null,
    })
    await drainDeliveries(payload)
    expect((await getPost(wp(), 'posts', remoteId)).body.title.raw).toBe(
      `Guarded ${RUN}, edited here`,
    )
    expect(await recordOf('posts', id)).toMatchObject({ status: 'published', remoteVersion: null })
    // And the next sync sees nothing to do.
    expect((await sync()).lastSyncStats).toMatchObject({ updated: 0, pushed: 0, conflicts: 0 })
  })

  it('turns an edit on both sides into a conflict at sync, overwriting neither, and resolves it keeping the remote version', async () => {
    const { id, remoteId } = await publishLocal(`Both ${RUN}`)
    await sync()
    await localEditUndelivered(id, { title: `Both ${RUN}, local side` })
    const remoteAfter = await remoteEdit('posts', remoteId, {
      title: `Both ${RUN}, remote side`,
      content: '<p>Remote words.</p>',
    })
    const after = await sync()
    expect(after.lastSyncStats).toMatchObject({ conflicts: 1, updated: 0, pushed: 0 })
    const record = await recordOf('posts', id)
    expect(record).toMatchObject({
      status: 'conflict',
      remoteVersion: { title: `Both ${RUN}, remote side`, html: '<p>Remote words.</p>' },
    })
    expect((await localDoc(id)).title).toBe(`Both ${RUN}, local side`)
    expect((await getPost(wp(), 'posts', remoteId)).body.modified_gmt).toBe(
      remoteAfter.modified_gmt,
    )
    // A sync while in conflict changes nothing either.
    expect((await sync()).lastSyncStats).toMatchObject({ conflicts: 0, updated: 0, pushed: 0 })

    const resolved = await app.api.post(`/publishing-records/${record.id}/resolve`, {
      auth: world.actors.admin,
      body: { keep: 'remote' },
    })
    expect(resolved.status).toBe(200)
    expect(resolved.body.record).toMatchObject({ status: 'published', remoteVersion: null })
    const local = await localDoc(id)
    expect(local.title).toBe(`Both ${RUN}, remote side`)
    expect(contentText(local.content)).toContain('Remote words.')
    expect(await pendingDeliveries(payload)).toBe(0)
    expect((await getPost(wp(), 'posts', remoteId)).body.modified_gmt).toBe(
      remoteAfter.modified_gmt,
    )
    expect((await sync()).lastSyncStats).toMatchObject({ updated: 0, pushed: 0, conflicts: 0 })
  })

  it('settles conflicts by policy: prefer-remote pulls, prefer-local pushes', async () => {
    const { id, remoteId } = await publishLocal(`Policy ${RUN}`)
    await sync()
    await payload.update({
      collection: 'integrations',
      id: integration,
      data: { conflictPolicy: 'prefer-remote' },
    })
    await localEditUndelivered(id, { title: `Policy ${RUN}, local` })
    await remoteEdit('posts', remoteId, { title: `Policy ${RUN}, remote` })
    expect((await sync()).lastSyncStats).toMatchObject({ updated: 1, conflicts: 0 })
    expect((await localDoc(id)).title).toBe(`Policy ${RUN}, remote`)

    await payload.update({
      collection: 'integrations',
      id: integration,
      data: { conflictPolicy: 'prefer-local' },
    })
    await localEditUndelivered(id, { title: `Policy ${RUN}, local again` })
    await remoteEdit('posts', remoteId, { title: `Policy ${RUN}, remote again` })
    expect((await sync()).lastSyncStats).toMatchObject({ pushed: 1, conflicts: 0 })
    await drainDeliveries(payload)
    expect((await getPost(wp(), 'posts', remoteId)).body.title.raw).toBe(
      `Policy ${RUN}, local again`,
    )
    await payload.update({
      collection: 'integrations',
      id: integration,
      data: { conflictPolicy: 'manual' },
    })
  })

  it('applies the conflict policy on the publish path too: prefer-local overwrites the remote edit, prefer-remote keeps it', async () => {
    const { id, remoteId } = await publishLocal(`Guard policy ${RUN}`)
    const save = async (title: string) => {
      const res = await app.api.patch(`/posts/${id}`, { auth: world.actors.admin, body: { title } })
      expect(res.status).toBe(200)
      await drainDeliveries(payload)
    }
    try {
      await payload.update({
        collection: 'integrations',
        id: integration,
        data: { conflictPolicy: 'prefer-local' },
      })
      await remoteEdit('posts', remoteId, { title: `Guard policy ${RUN}, remote` })
      await save(`Guard policy ${RUN}, local`)
      expect((await getPost(wp(), 'posts', remoteId)).body.title.raw).toBe(
        `Guard policy ${RUN}, local`,
      )
      expect(await recordOf('posts', id)).toMatchObject({
        status: 'published',
        remoteVersion: null,
      })

      await payload.update({
        collection: 'integrations',
        id: integration,
        data: { conflictPolicy: 'prefer-remote' },
      })
      const remoteAfter = await remoteEdit('posts', remoteId, {
        title: `Guard policy ${RUN}, remote wins`,
      })
      await save(`Guard policy ${RUN}, local loses`)
      const remoteNow = (await getPost(wp(), 'posts', remoteId)).body
      expect(remoteNow.title.raw).toBe(`Guard policy ${RUN}, remote wins`)
      expect(remoteNow.modified_gmt).toBe(remoteAfter.modified_gmt)
      expect((await localDoc(id)).title).toBe(`Guard policy ${RUN}, remote wins`)
      expect(await recordOf('posts', id)).toMatchObject({
        status: 'published',
        remoteVersion: null,
      })
      expect(await pendingDeliveries(payload)).toBe(0)
      expect((await sync()).lastSyncStats).toMatchObject({ updated: 0, pushed: 0, conflicts: 0 })
    } finally {
      await payload.update({
        collection: 'integrations',
        id: integration,
        data: { conflictPolicy: 'manual' },
      })
    }
  })

  it('records a remote trash and leaves the local document alone', async () => {
    const { id, remoteId } = await publishLocal(`Trashed ${RUN}`)
    await sync()
    const before = await localDoc(id)
    const trashed = await wpRequest<WpPost>(wp(), 'DELETE', `/wp/v2/posts/${remoteId}`, {
      login: asEditor(),
    })
    expect(trashed.status).toBe(200)
    await sync()
    expect(await recordOf('posts', id)).toMatchObject({
      remoteState: 'trashed',
      status: 'published',
    })
    const after = await localDoc(id)
    expect(after).toMatchObject({
      title: before.title,
      _status: 'published',
      updatedAt: before.updatedAt,
    })
    // A later local edit does not bring the copy back from the trash unasked.
    await app.api.patch(`/posts/${id}`, {
      auth: world.actors.admin,
      body: { title: `Trashed ${RUN}, edited here` },
    })
    await drainDeliveries(payload)
    expect(await recordOf('posts', id)).toMatchObject({
      status: 'conflict',
      remoteState: 'trashed',
    })
    expect((await getPost(wp(), 'posts', remoteId)).body.status).toBe('trash')
  })

  it('loses nothing when a sync dies halfway: the cursor stops before what was not stored', async () => {
    const titles = [1, 2, 3, 4].map((n) => `Interrupted ${n} ${RUN}`)
    for (const title of titles) {
      await remoteCreate('posts', { title, content: `<p>${title}</p>` })
      await new Promise((resolve) => setTimeout(resolve, 1100)) // one second apart
    }
    const adapters = registryOf(payload).adapters as Map<string, AnyDestinationAdapter>
    const real = adapters.get('wordpress')!
    let delivered = 0
    // The listing breaks (a network failure, say) after two of our posts were handed over.
    adapters.set('wordpress', {
      ...real,
      async *listChanges(context, input) {
        for await (const batch of real.listChanges!(context, input)) {
          for (const item of batch) {
            if (input.collection === 'posts' && item.title === titles[2])
              throw new Error('the connection broke')
            yield [item] satisfies RemoteItem[]
            delivered++
          }
        }
      },
    })
    const ours = async () =>
      (
        await payload.find({
          collection: 'posts',
          where: { title: { in: titles } },
          depth: 0,
          limit: 10,
        })
      ).docs
        .map((d) => d.title)
        .sort()
    try {
      const failed = await sync()
      expect(failed).toMatchObject({
        syncStatus: 'failed',
        lastError: expect.stringContaining('the connection broke'),
      })
      expect(await ours()).toEqual(titles.slice(0, 2))
      expect(delivered).toBeGreaterThan(0)
    } finally {
      adapters.set('wordpress', real)
    }
    const after = await sync()
    expect(after).toMatchObject({ syncStatus: 'success', lastError: null })
    expect(await ours()).toEqual(titles)
    expect(
      (await payload.count({ collection: 'posts', where: { title: { in: titles } } })).totalDocs,
    ).toBe(4)
  })

  it('keeps the cursor before an item that could not be stored, and stores it on a later sync', async () => {
    const titles = [1, 2, 3].map((n) => `Unstorable ${n} ${RUN}`)
    for (const title of titles) {
      await remoteCreate('posts', { title, content: `<p>${title}</p>` })
      await new Promise((resolve) => setTimeout(resolve, 1100))
    }
    const adapters = registryOf(payload).adapters as Map<string, AnyDestinationAdapter>
    const real = adapters.get('wordpress')!
    // The second post's featured image cannot be downloaded (nothing listens there): that item
    // fails to store, the ones around it do not.
    adapters.set('wordpress', {
      ...real,
      async *listChanges(context, input) {
        for await (const batch of real.listChanges!(context, input)) {
          yield batch.map((item) =>
            item.title === titles[1]
              ? {
                  ...item,
                  featuredImage: {
                    url: 'http://127.0.0.1:9/gone.png',
                    alt: '',
                    filename: 'gone.png',
                    sourceId: null,
                  },
                }
              : item,
          )
        }
      },
    })
    const ours = async () =>
      (
        await payload.find({
          collection: 'posts',
          where: { title: { in: titles } },
          depth: 0,
          limit: 10,
        })
      ).docs
        .map((d) => d.title)
        .sort()
    try {
      const partial = await sync()
      expect(partial).toMatchObject({
        syncStatus: 'success',
        lastError: expect.stringContaining('could not be stored'),
      })
      expect(partial.lastSyncStats).toMatchObject({ errors: 1 })
      expect(await ours()).toEqual([titles[0], titles[2]])
      const stuck = (partial.syncCursor as { posts: string }).posts
      const second = (
        await wpRequest<WpPost[]>(wp(), 'GET', '/wp/v2/posts', {
          query: { search: titles[1]!, context: 'edit' },
        })
      ).body[0]!
      // Not past it: the next listing (modified after the cursor's second, less one) includes it.
      // Equal is possible: another item of that same second, listed before it, was stored.
      expect(Date.parse(stuck)).toBeLessThanOrEqual(Date.parse(`${second.modified_gmt}Z`))
    } finally {
      adapters.set('wordpress', real)
    }
    const after = await sync()
    expect(after).toMatchObject({ syncStatus: 'success', lastError: null })
    expect(after.lastSyncStats).toMatchObject({ errors: 0 })
    expect(await ours()).toEqual(titles)
    expect(
      (await payload.count({ collection: 'posts', where: { title: { in: titles } } })).totalDocs,
    ).toBe(3)
  })

  it("pulls exactly the plugin's collections that the adapter maps, and the others' turn comes when they are", async () => {
    const { options } = registryOf(payload)
    const collections = options.collections
    const adapters = registryOf(payload).adapters as Map<string, AnyDestinationAdapter>
    const real = adapters.get('wordpress')!
    const listed: string[] = []
    const listing = (adapter: AnyDestinationAdapter): AnyDestinationAdapter => ({
      ...adapter,
      listChanges(context, input) {
        listed.push(input.collection)
        return real.listChanges!(context, input)
      },
    })
    const page = await remoteCreate('pages', {
      title: `Page left alone ${RUN}`,
      content: '<p>Not yet.</p>',
    })
    const post = await remoteCreate('posts', {
      title: `Post taken in ${RUN}`,
      content: '<p>Now.</p>',
    })
    try {
      // The plugin publishes posts only: pages are never listed, nor imported.
      options.collections = collections.filter((c) => c === 'posts')
      adapters.set('wordpress', listing(real))
      expect(await sync()).toMatchObject({ syncStatus: 'success', lastError: null })
      expect(listed).toEqual(['posts'])
      expect(await recordByRemote(post.id)).toMatchObject({
        documentCollection: 'posts',
        status: 'published',
      })
      expect(await recordByRemote(page.id)).toBeUndefined()

      // Both again, but the adapter maps pages only: posts are not listed, the page comes in.
      options.collections = collections
      adapters.set('wordpress', listing({ ...real, collections: ['pages'] }))
      listed.length = 0
      expect(await sync()).toMatchObject({ syncStatus: 'success', lastError: null })
      expect(listed).toEqual(['pages'])
      const pageRecord = await recordByRemote(page.id)
      expect(pageRecord).toMatchObject({ documentCollection: 'pages', status: 'published' })
      expect(
        await payload.findByID({ collection: 'pages', id: pageRecord!.documentId, depth: 0 }),
      ).toMatchObject({ title: `Page left alone ${RUN}` })
    } finally {
      options.collections = collections
      adapters.set('wordpress', real)
    }
    expect(await sync()).toMatchObject({ syncStatus: 'success', lastError: null })
  })

  describe('endpoints', () => {
    it('POST /api/integrations/:id/sync queues a sync for admins and editors of the site, 403 for others', async () => {
      const other = await app.api.post(`/integrations/${integration}/sync`, {
        auth: world.actors.editorB,
      })
      expect(other.status).toBe(403)
      const anonymous = await app.api.post(`/integrations/${integration}/sync`, {
        auth: world.actors.anonymous,
      })
      expect([401, 403]).toContain(anonymous.status)
      const res = await app.api.post(`/integrations/${integration}/sync`, {
        auth: world.actors.editorA,
      })
      expect(res.status).toBe(202)
      expect(res.body).toMatchObject({
        jobId: expect.anything(),
        message: expect.stringContaining('queued'),
      })
      expect(
        (await payload.findByID({ collection: 'integrations', id: integration, depth: 0 }))
          .syncStatus,
      ).toBe('pending')
      // The job carries the integration's id and nothing else: no credentials in the queue.
      const job = await payload.findByID({
        collection: 'payload-jobs',
        id: res.body.jobId,
        depth: 0,
      })
      expect(job).toMatchObject({
        taskSlug: 'publishing-sync',
        queue: 'publishing-sync',
        input: { integration },
      })
      expect(Object.keys(job.input as object)).toEqual(['integration'])
      const again = await app.api.post(`/integrations/${integration}/sync`, {
        auth: world.actors.admin,
      })
      expect(again.body.jobId).toBe(res.body.jobId)
      expect(await runSyncs(payload)).toMatchObject({ jobs: 1 })
      expect(
        (await payload.findByID({ collection: 'integrations', id: integration, depth: 0 }))
          .syncStatus,
      ).toBe('success')
    })

    it('answers 400 for platforms that cannot pull and for inactive integrations, 404 for unknown ones', async () => {
      const hook = await payload.create({
        collection: 'integrations',
        data: {
          name: 'Hook',
          site: world.siteA,
          platform: 'webhook',
          config: { url: 'http://127.0.0.1:9/hook' },
          credentials: { signingSecret: 's' },
          isActive: false,
        },
      })
      const inactive = await app.api.post(`/integrations/${hook.id}/sync`, {
        auth: world.actors.admin,
      })
      expect(inactive.status).toBe(400)
      expect(inactive.body.errors[0].message).toMatch(/inactive/)
      await payload.update({ collection: 'integrations', id: hook.id, data: { isActive: true } })
      const noPull = await app.api.post(`/integrations/${hook.id}/sync`, {
        auth: world.actors.admin,
      })
      expect(noPull.status).toBe(400)
      expect(noPull.body.errors[0].message).toMatch(/cannot pull/)
      await payload.delete({ collection: 'integrations', id: hook.id })
      expect(
        (await app.api.post('/integrations/999999/sync', { auth: world.actors.admin })).status,
      ).toBe(404)
    })

    it('syncCursor cannot be written over the API', async () => {
      const res = await app.api.patch(`/integrations/${integration}`, {
        auth: world.actors.admin,
        body: { syncCursor: { posts: '2000-01-01T00:00:00Z' } },
      })
      expect(res.status).toBe(200)
      expect(
        (await payload.findByID({ collection: 'integrations', id: integration, depth: 0 }))
          .syncCursor,
      ).not.toEqual({ posts: '2000-01-01T00:00:00Z' })
    })

    it('POST /api/publishing-records/:id/resolve: 400 unless in conflict or for a bad keep, 403 for another site', async () => {
      const { id } = await publishLocal(`Resolve checks ${RUN}`)
      const record = await recordOf('posts', id)
      const notConflict = await app.api.post(`/publishing-records/${record.id}/resolve`, {
        auth: world.actors.admin,
        body: { keep: 'local' },
      })
      expect(notConflict.status).toBe(400)
      expect(notConflict.body.errors[0].message).toMatch(/Only conflicts/)
      const badKeep = await app.api.post(`/publishing-records/${record.id}/resolve`, {
        auth: world.actors.admin,
        body: { keep: 'both' },
      })
      expect(badKeep.status).toBe(400)
      expect(badKeep.body.errors[0].message).toMatch(/"keep" must be/)
      const other = await app.api.post(`/publishing-records/${record.id}/resolve`, {
        auth: world.actors.editorB,
        body: { keep: 'local' },
      })
      expect(other.status).toBe(403)
      const anonymous = await app.api.post(`/publishing-records/${record.id}/resolve`, {
        auth: world.actors.anonymous,
        body: { keep: 'local' },
      })
      expect([401, 403]).toContain(anonymous.status)
    })
  })

  describe('with two worker processes', () => {
    const workers: Worker[] = []
    afterEach(() => killWorkers(workers))

    it('runs each due sync once', async () => {
      const titles = [1, 2].map((n) => `For both workers ${n} ${RUN}`)
      for (const title of titles) await remoteCreate('posts', { title, content: `<p>${title}</p>` })
      workers.push(
        ...(await Promise.all([
          startReadyWorker(app.databaseUri),
          startReadyWorker(app.databaseUri),
        ])),
      )
      // Both schedulers are ticking (at the same wall-clock seconds) when the syncs become due.
      const sites = await Promise.all(
        [1, 2, 3].map(
          async (n) =>
            (
              await payload.create({
                collection: 'sites',
                data: { name: `Synced ${n}`, siteType: 'blog' },
              })
            ).id,
        ),
      )
      const due = await Promise.all(
        sites.map((site) =>
          createIntegration(site, { syncEnabled: true, syncIntervalMinutes: 60 }),
        ),
      )
      const states = () =>
        Promise.all(due.map((id) => payload.findByID({ collection: 'integrations', id, depth: 0 })))
      await waitFor(
        async () => (await states()).every((s) => s.syncStatus === 'success'),
        180_000,
        'the due syncs to finish',
      ).catch((error) => {
        throw new Error(
          `${String(error)}\n--- worker output ---\n${workers.map((w) => w.output().slice(-3000)).join('\n---\n')}`,
        )
      })
      const first = (await states()).map((s) => s.lastSyncAt)
      // Both schedulers tick a few more times: nothing may run again.
      await new Promise((resolve) => setTimeout(resolve, 12_000))
      expect((await states()).map((s) => s.lastSyncAt)).toEqual(first)
      // Payload deletes finished jobs; each run of a sync says so in its process's log.
      const runs = workers.map(
        (w) => (w.output().match(/sync of integration \d+ finished/g) ?? []).length,
      )
      expect(runs.reduce((a, b) => a + b, 0)).toBe(due.length)
      expect(
        (
          await payload.count({
            collection: 'payload-jobs',
            where: { queue: { equals: 'publishing-sync' }, completedAt: { exists: false } },
          })
        ).totalDocs,
      ).toBe(0)
      for (const site of sites) {
        const imported = await payload.find({
          collection: 'posts',
          where: { and: [{ title: { in: titles } }, { site: { equals: site } }] },
          depth: 0,
        })
        expect(imported.docs.map((d) => d.title).sort()).toEqual(titles)
      }
    }, 240_000)
  })
})
