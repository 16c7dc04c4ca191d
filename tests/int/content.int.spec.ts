/** Page order, page trees and rich text, as editors and headless consumers see them. */
import type { RichText, World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'

let app: TestApp
let world: World
beforeAll(async () => {
  ;({ app, world } = await startWorld())
})
afterAll(() => app.close())

const orderOf = async (site: number): Promise<string[]> => {
  const res = await app.api.get(`/pages?where[site][equals]=${site}&sort=_order&limit=100`, {
    auth: world.actors.editorA,
  })
  return res.body.docs.map((d: { slug: string }) => d.slug)
}

describe('page order', () => {
  it('keeps the order an editor sets by drag and drop', async () => {
    const make = (title: string) =>
      app.payload.create({
        collection: 'pages',
        data: { title, site: world.siteA, _status: 'published' },
      })
    const home = await make('Home')
    await make('About')
    const contact = await make('Contact')
    expect(await orderOf(world.siteA)).toEqual(['home', 'about', 'contact'])

    // What the admin's list view sends when "Contact" is dropped above "Home".
    const res = await app.api.post('/reorder', {
      auth: world.actors.editorA,
      body: {
        collectionSlug: 'pages',
        docsToMove: [contact.id],
        newKeyWillBe: 'less',
        orderableFieldName: '_order',
        target: { id: home.id, key: (home as { _order?: string })._order },
      },
    })
    expect(res.status).toBe(200)
    expect(await orderOf(world.siteA)).toEqual(['contact', 'home', 'about'])

    const refused = await app.api.post('/reorder', {
      auth: world.actors.editorB,
      body: {
        collectionSlug: 'pages',
        docsToMove: [home.id],
        newKeyWillBe: 'less',
        orderableFieldName: '_order',
        target: {
          id: contact.id,
          key: (await app.payload.findByID({ collection: 'pages', id: contact.id }))._order,
        },
      },
    })
    expect(refused.status).toBe(403)
    expect(await orderOf(world.siteA)).toEqual(['contact', 'home', 'about'])
  })
})

describe('page tree', () => {
  it('nests a page under a page of its own site only', async () => {
    const parent = await app.payload.create({
      collection: 'pages',
      data: { title: 'Services', site: world.siteA },
    })
    const child = await app.api.post('/pages', {
      auth: world.actors.editorA,
      body: { title: 'Consulting', site: world.siteA, parent: parent.id },
    })
    expect(child.status).toBe(201)
    expect(child.body.doc.parent.id).toBe(parent.id)

    const foreign = await app.payload.create({
      collection: 'pages',
      data: { title: 'Elsewhere', site: world.siteB },
    })
    const wrong = await app.api.post('/pages', {
      auth: world.actors.admin,
      body: { title: 'Misplaced', site: world.siteA, parent: foreign.id },
    })
    expect(wrong.status).toBe(400)
    expect(JSON.stringify(wrong.body)).toMatch(/parent/)
  })
})

describe('rich text', () => {
  const content: RichText = {
    root: {
      type: 'root',
      direction: 'ltr',
      format: '',
      indent: 0,
      version: 1,
      children: [
        {
          type: 'heading',
          tag: 'h2',
          direction: 'ltr',
          format: '',
          indent: 0,
          version: 1,
          children: [
            {
              type: 'text',
              detail: 0,
              format: 0,
              mode: 'normal',
              style: '',
              text: 'Our story',
              version: 1,
            },
          ],
        },
        {
          type: 'paragraph',
          direction: 'ltr',
          format: '',
          indent: 0,
          version: 1,
          textFormat: 0,
          textStyle: '',
          children: [
            {
              type: 'text',
              detail: 0,
              format: 1,
              mode: 'normal',
              style: '',
              text: 'Bold start',
              version: 1,
            },
            {
              type: 'text',
              detail: 0,
              format: 0,
              mode: 'normal',
              style: '',
              text: ', then a ',
              version: 1,
            },
            {
              type: 'link',
              direction: 'ltr',
              format: '',
              indent: 0,
              version: 3,
              fields: { linkType: 'custom', newTab: false, url: 'https://example.com/' },
              children: [
                {
                  type: 'text',
                  detail: 0,
                  format: 0,
                  mode: 'normal',
                  style: '',
                  text: 'link',
                  version: 1,
                },
              ],
            },
          ],
        },
        {
          type: 'list',
          listType: 'bullet',
          tag: 'ul',
          start: 1,
          direction: 'ltr',
          format: '',
          indent: 0,
          version: 1,
          children: ['One', 'Two'].map((text, i) => ({
            type: 'listitem',
            value: i + 1,
            checked: undefined,
            direction: 'ltr',
            format: '',
            indent: 0,
            version: 1,
            children: [
              { type: 'text', detail: 0, format: 0, mode: 'normal', style: '', text, version: 1 },
            ],
          })),
        },
      ],
    },
  }

  it('survives a REST round trip unchanged, and reads the same over GraphQL', async () => {
    const created = await app.api.post('/posts', {
      auth: world.actors.editorA,
      body: { title: 'Story', site: world.siteA, content, _status: 'published' },
    })
    expect(created.status).toBe(201)
    const read = await app.api.get(`/posts/${created.body.doc.id}`)
    expect(read.body.content).toEqual(JSON.parse(JSON.stringify(content)))
    const gql = await app.api.graphql(`{ Post(id: ${created.body.doc.id}) { content } }`)
    expect(gql.body.data.Post.content).toEqual(read.body.content)
  })
})
