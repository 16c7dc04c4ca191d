/**
 * Deletes with integrity: a site that still holds anything is refused with a 409 naming what it
 * holds (REST and GraphQL, and the database itself refuses); an empty one goes; a destination
 * with records goes with its records, leaving its remote copies in place. No row is ever left
 * pointing at nothing.
 */

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { lexicalParagraph, pngFile, type World } from '../helpers/fixtures'
import { startReceiver, type Receiver } from '../helpers/receiver'
import { queryOn } from '../helpers/testDatabase'

const SECRET = 'deletes-signing-secret'
const SITE_OWNED = [
  'pages',
  'posts',
  'media',
  'categories',
  'tags',
  'integrations',
  'publishing_rules',
  'publishing_records',
]

let app: TestApp
let world: World
let receiver: Receiver

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receiver = await startReceiver(SECRET)
})
afterAll(async () => {
  await receiver.close()
  await app.close()
})

const sql = async (text: string, params: unknown[] = []) =>
  (await queryOn(app.databaseUri, text, params)).rows

/** Rows of site-owned tables whose site is missing or gone, and records whose destination is gone. */
const orphans = async (): Promise<string[]> => {
  const found: string[] = []
  for (const table of SITE_OWNED) {
    const rows = await sql(
      `select id from ${table} where site_id is null or site_id not in (select id from sites)`,
    )
    if (rows.length) found.push(`${table}: ${rows.map((r) => r.id).join(', ')}`)
  }
  const records = await sql(
    'select id from publishing_records where integration_id not in (select id from integrations)',
  )
  if (records.length) found.push(`publishing_records without integration: ${records.length}`)
  return found
}

const createIntegration = async (site: number, name: string): Promise<number> => {
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: {
      name,
      site,
      platform: 'webhook',
      config: { url: receiver.url },
      credentials: { signingSecret: SECRET },
    },
  })
  expect(res.status).toBe(201)
  return res.body.doc.id
}

/** A site with one of everything, and a post delivered to its destination. */
const populatedSite = async (name: string) => {
  const { payload } = app
  const site = (await payload.create({ collection: 'sites', data: { name } })).id
  const page = await payload.create({
    collection: 'pages',
    data: { title: `${name} page`, site, _status: 'published', content: lexicalParagraph('Hi') },
  })
  const media = await payload.create({
    collection: 'media',
    data: { alt: `${name} image`, site },
    file: await pngFile(),
  })
  const category = await payload.create({
    collection: 'categories',
    data: { name: `${name} category`, site },
  })
  const tag = await payload.create({ collection: 'tags', data: { name: `${name} tag`, site } })
  const integration = await createIntegration(site, `${name} hook`)
  await payload.create({
    collection: 'publishing-rules',
    data: { site, name: `${name} everything`, destinations: [integration] },
  })
  const post = await payload.create({
    collection: 'posts',
    data: {
      title: `${name} post`,
      site,
      _status: 'published',
      content: lexicalParagraph('Body'),
      categories: [category.id],
      tags: [tag.id],
    },
  })
  await drainDeliveries(payload)
  return {
    site,
    page: page.id,
    post: post.id,
    media: media.id,
    category: category.id,
    tag: tag.id,
    integration,
  }
}

const siteExists = async (id: number) =>
  (await app.payload.count({ collection: 'sites', where: { id: { equals: id } } })).totalDocs === 1

describe('deleting a site', () => {
  it('is refused over REST with a 409 that names what still belongs to it', async () => {
    const { site } = await populatedSite('Refused over REST')
    const res = await app.api.delete(`/sites/${site}`, { auth: world.actors.admin })
    expect(res.status).toBe(409)
    const message: string = res.body.errors[0].message
    expect(message).toMatch(/^Site "Refused over REST" still has /)
    for (const part of [
      '1 page',
      '1 post',
      '1 media',
      '1 category',
      '1 tag',
      '1 integration',
      '1 publishing rule',
      '2 publishing records',
    ]) {
      expect(message).toContain(part)
    }
    expect(message).toMatch(/Delete them or move them to another site first/)
    expect(await siteExists(site)).toBe(true)
    expect(await orphans()).toEqual([])
  })

  it('is refused over GraphQL with the same sentence', async () => {
    const { site } = await populatedSite('Refused over GraphQL')
    const res = await app.api.graphql(`mutation { deleteSite(id: ${site}) { id } }`, {
      auth: world.actors.admin,
    })
    expect(res.body.errors?.[0]?.message).toMatch(
      /^Site "Refused over GraphQL" still has .*1 page.*Delete them/,
    )
    expect(res.body.errors[0].extensions?.statusCode).toBe(409)
    expect(await siteExists(site)).toBe(true)
  })

  it('is refused by the database itself while anything still points at the site', async () => {
    const { site } = await populatedSite('Refused by the database')
    await expect(sql('delete from sites where id = $1', [site])).rejects.toThrow(
      /violates foreign key constraint/,
    )
    expect(await siteExists(site)).toBe(true)
  })

  it('goes once the site is empty, leaving no orphans', async () => {
    const { site, integration } = await populatedSite('Emptied first')
    for (const collection of [
      'pages',
      'posts',
      'media',
      'categories',
      'tags',
      'publishing-rules',
    ] as const) {
      await app.payload.delete({ collection, where: { site: { equals: site } } })
    }
    await drainDeliveries(app.payload)
    expect(
      (await app.api.delete(`/integrations/${integration}`, { auth: world.actors.admin })).status,
    ).toBe(200)
    const res = await app.api.delete(`/sites/${site}`, { auth: world.actors.admin })
    expect(res.status).toBe(200)
    expect(await siteExists(site)).toBe(false)
    expect(await orphans()).toEqual([])
  })

  it('goes over GraphQL once the site is empty', async () => {
    const site = (
      await app.payload.create({ collection: 'sites', data: { name: 'Empty over GraphQL' } })
    ).id
    const res = await app.api.graphql(`mutation { deleteSite(id: ${site}) { id } }`, {
      auth: world.actors.admin,
    })
    expect(res.body.errors).toBeUndefined()
    expect(res.body.data.deleteSite.id).toBe(site)
    expect(await siteExists(site)).toBe(false)
  })
})

describe('deleting a destination that has records', () => {
  const recordsOf = async (integration: number) =>
    (
      await app.payload.count({
        collection: 'publishing-records',
        where: { integration: { equals: integration } },
      })
    ).totalDocs

  it('works over REST, takes its records with it and says the copies stay at the destination', async () => {
    const { integration, post } = await populatedSite('Destination over REST')
    expect(await recordsOf(integration)).toBeGreaterThan(0)
    const copiesBefore = receiver.created()
    const requestsBefore = receiver.requests.length
    const res = await app.api.delete(`/integrations/${integration}`, { auth: world.actors.admin })
    expect(res.status).toBe(200)
    expect(res.body.doc.id).toBe(integration)
    expect(res.body.message).toBe(
      'Integration "Destination over REST hook" deleted with its 2 publishing records. ' +
        'The 2 copies it delivered stay at the destination as they are: Syndicate no longer updates or removes them.',
    )
    expect(await recordsOf(integration)).toBe(0)
    // The post itself stays, and nothing was sent to remove the remote copies.
    expect((await app.payload.findByID({ collection: 'posts', id: post })).id).toBe(post)
    await drainDeliveries(app.payload)
    expect(receiver.created()).toBe(copiesBefore)
    expect(receiver.requests.length).toBe(requestsBefore)
    expect(await orphans()).toEqual([])
  })

  it('works over GraphQL and leaves no records behind', async () => {
    const { integration } = await populatedSite('Destination over GraphQL')
    const res = await app.api.graphql(`mutation { deleteIntegration(id: ${integration}) { id } }`, {
      auth: world.actors.admin,
    })
    expect(res.body.errors).toBeUndefined()
    expect(await recordsOf(integration)).toBe(0)
    expect(await orphans()).toEqual([])
  })

  it('stays refused to editors, of its site or another, to API keys and to the public', async () => {
    const integration = await createIntegration(world.siteA, 'Editors cannot delete me')
    const { editorA, editorB, apiKey, anonymous } = world.actors
    for (const auth of [editorA, editorB, apiKey, anonymous]) {
      const res = await app.api.delete(`/integrations/${integration}`, { auth })
      expect([401, 403]).toContain(res.status)
      expect(res.body.errors?.[0]?.message).toEqual(expect.any(String))
    }
    expect(
      (
        await app.payload.count({
          collection: 'integrations',
          where: { id: { equals: integration } },
        })
      ).totalDocs,
    ).toBe(1)
  })
})
