/**
 * Payload's scheduled publish (`versions.drafts.schedulePublish`) with two real runner processes:
 * the scheduled post is published at its time, once, and reaches a webhook destination once.
 */
import { startWorld, type TestApp } from '../helpers/app'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startReceiver, type Receiver } from '../helpers/receiver'
import { waitFor } from '../helpers/wait'
import { killWorkers, startReadyWorker, type Worker } from '../helpers/worker'

const SECRET = 'schedule-test-secret'

let app: TestApp
let world: World
let receiver: Receiver
const workers: Worker[] = []

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receiver = await startReceiver(SECRET)
  await app.payload.create({
    collection: 'integrations',
    data: {
      name: 'Scheduled hook',
      site: world.siteA,
      platform: 'webhook',
      config: { url: receiver.url },
      credentials: { signingSecret: SECRET },
    },
  })
})
afterAll(async () => {
  await killWorkers(workers)
  await receiver.close()
  await app.close()
})

it('publishes a scheduled post at its time, exactly once across two runners, and delivers it once', async () => {
  const post = await app.payload.create({
    collection: 'posts',
    data: { title: 'Later', site: world.siteA, content: lexicalParagraph('Later body') },
    draft: true,
  })
  const at = new Date(Date.now() + 8_000)
  // What the admin's "Schedule publish" drawer queues (@payloadcms/ui schedulePublishHandler).
  await app.payload.jobs.queue({
    task: 'schedulePublish',
    input: {
      type: 'publish',
      // The admin sends the id as a string (Payload #10481), whatever the generated type says.
      doc: { relationTo: 'posts', value: String(post.id) as unknown as number },
      user: { relationTo: 'users', value: world.users.editorA },
    },
    waitUntil: at,
  })

  const listed = await app.api.get(`/publishing/scheduled?collection=posts&id=${post.id}`, {
    auth: world.actors.editorA,
  })
  expect(listed.status).toBe(200)
  expect(listed.body.scheduled).toEqual([
    { type: 'publish', at: at.toISOString(), destinations: ['Scheduled hook'] },
  ])
  const foreign = await app.api.get(`/publishing/scheduled?collection=posts&id=${post.id}`, {
    auth: world.actors.editorB,
  })
  expect(foreign.status).toBe(404)

  workers.push(
    ...(await Promise.all([startReadyWorker(app.databaseUri), startReadyWorker(app.databaseUri)])),
  )
  await waitFor(async () => receiver.requests.length > 0, 120_000, 'the scheduled delivery')
  // Published at its time, not before (the post's publishedAt is set when it is first published),
  // however long the two runners took to start: on a loaded machine that can pass its time.
  const publishedAt = new Date(String(receiver.requests[0]?.document?.publishedAt))
  expect(publishedAt.getTime()).toBeGreaterThanOrEqual(at.getTime())
  // Let both runners tick a few more times: nothing may run again.
  await new Promise((resolve) => setTimeout(resolve, 3_000))
  expect(receiver.requests.map((r) => [r.event, r.document?.title])).toEqual([['publish', 'Later']])
  const published = await app.payload.findByID({ collection: 'posts', id: post.id, depth: 0 })
  expect(published._status).toBe('published')
  const versions = await app.payload.countVersions({
    collection: 'posts',
    where: { parent: { equals: post.id }, 'version._status': { equals: 'published' } },
  })
  expect(versions.totalDocs).toBe(1)
  const after = await app.api.get(`/publishing/scheduled?collection=posts&id=${post.id}`, {
    auth: world.actors.editorA,
  })
  expect(after.body.scheduled).toEqual([])
}, 240_000)
