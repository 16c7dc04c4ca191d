/** Rich text to HTML for destinations: absolute URLs, collected images, deterministic output. */

import { createLocalReq, initTransaction, killTransaction } from 'payload'

import type { Media, Page, Post } from '@/payload-types'

import { lexicalToHtml } from '@plugins/publishing/exports/server'
import { registryOf } from '@plugins/publishing/registry'

import type { RichText } from '../helpers/fixtures'

import { startTestApp, type TestApp } from '../helpers/app'
import { pngFile } from '../helpers/fixtures'

const serverURL = 'https://cms.example.com'
const ALT = 'A "blue" <pixel> & more'

let app: TestApp
let site: number
let image: Media
let about: Page
beforeAll(async () => {
  app = await startTestApp()
  site = (
    await app.payload.create({ collection: 'sites', data: { name: 'Rich Site', siteType: 'blog' } })
  ).id
  image = await app.payload.create({
    collection: 'media',
    data: { alt: ALT, site },
    file: await pngFile('lexical-html.png'),
  })
  about = await app.payload.create({
    collection: 'pages',
    data: { title: 'About us', slug: 'about-us', site, _status: 'published' },
  })
})
afterAll(() => app.close())

type Node = RichText['root']['children'][number]

const text = (value: string, format = 0): Node => ({
  type: 'text',
  detail: 0,
  format,
  mode: 'normal',
  style: '',
  text: value,
  version: 1,
})
const element = { direction: 'ltr' as const, format: '' as const, indent: 0, version: 1 }
const paragraph = (...children: Node[]): Node => ({
  type: 'paragraph',
  ...element,
  textFormat: 0,
  textStyle: '',
  children,
})
const link = (fields: Record<string, unknown>, label: string): Node => ({
  type: 'link',
  ...element,
  version: 3,
  fields,
  children: [text(label)],
})
const list = (
  listType: 'bullet' | 'check',
  items: { text: string; checked?: boolean }[],
): Node => ({
  type: 'list',
  listType,
  tag: 'ul',
  start: 1,
  ...element,
  children: items.map((item, i) => ({
    type: 'listitem',
    value: i + 1,
    checked: item.checked,
    ...element,
    children: [text(item.text)],
  })),
})
const upload = (value: number): Node => ({
  // What the editor stores for an upload (UploadServerNode.exportJSON): the node's own id, the
  // collection and the document id; `fields` holds upload fields, none configured for media.
  type: 'upload',
  id: '66a1b2c3d4e5f60718293a4b',
  relationTo: 'media',
  value,
  fields: null,
  format: '',
  version: 3,
})
const doc = (...children: Node[]): RichText => ({ root: { type: 'root', ...element, children } })

const savePost = async (title: string, content: RichText): Promise<Post> =>
  app.payload.create({ collection: 'posts', data: { title, site, content, _status: 'published' } })

describe('lexicalToHtml', () => {
  let post: Post
  beforeAll(async () => {
    post = await savePost(
      'Rich',
      doc(
        { type: 'heading', tag: 'h2', ...element, children: [text('Our story')] },
        paragraph(
          text('Bold start', 1),
          text(', see '),
          link(
            { linkType: 'custom', newTab: true, url: 'https://example.com/x?a=1&b=2' },
            'elsewhere',
          ),
          text(' and '),
          link({ linkType: 'custom', newTab: false, url: '/about' }, 'about'),
          text(' and '),
          link(
            { linkType: 'internal', newTab: false, doc: { relationTo: 'pages', value: about.id } },
            'us',
          ),
        ),
        list('bullet', [{ text: 'One' }, { text: 'Two' }]),
        upload(image.id),
      ),
    )
  })

  it('stores the upload node as the editor does', () => {
    // Read back at the default depth, the node's value is the populated media document.
    const node = post.content?.root.children.find((child) => child.type === 'upload')
    expect(node).toMatchObject({ type: 'upload', relationTo: 'media', value: { id: image.id } })
  })

  it('renders headings, marks, links and lists', async () => {
    const { html } = await lexicalToHtml(post.content, { payload: app.payload, serverURL, site })
    expect(html).toContain('<h2>Our story</h2>')
    expect(html).toContain('<strong>Bold start</strong>')
    expect(html).toContain(
      '<a href="https://example.com/x?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">elsewhere</a>',
    )
    expect(html).toContain('<a href="https://cms.example.com/about">about</a>')
    expect(html).toContain('<a href="https://cms.example.com/about-us">us</a>')
    expect(html).toContain('<ul class="list-bullet"><li>One</li><li>Two</li></ul>')
    expect(html).not.toContain('payload-richtext') // no container div
  })

  it('links only to documents of the collections the publishing plugin publishes', async () => {
    const { options } = registryOf(app.payload)
    const collections = options.collections
    const content = doc(
      paragraph(
        link(
          { linkType: 'internal', newTab: false, doc: { relationTo: 'pages', value: about.id } },
          'us',
        ),
      ),
      { type: 'relationship', relationTo: 'pages', value: about.id, format: '', version: 2 },
    )
    try {
      options.collections = collections.filter((c) => c !== 'pages')
      expect((await lexicalToHtml(content, { payload: app.payload, serverURL, site })).html).toBe(
        '<p>us</p>',
      )
    } finally {
      options.collections = collections
    }
    expect((await lexicalToHtml(content, { payload: app.payload, serverURL, site })).html).toBe(
      '<p><a href="https://cms.example.com/about-us">us</a></p><p><a href="https://cms.example.com/about-us">About us</a></p>',
    )
  })

  it('renders the image with an absolute URL and escaped alt text, and reports it', async () => {
    const { html, images } = await lexicalToHtml(post.content, {
      payload: app.payload,
      serverURL,
      site,
    })
    const src = `https://cms.example.com/api/media/file/${image.filename}`
    expect(image.filename).toMatch(/\.png$/)
    expect(html).toContain(
      `<img src="${src}" alt="A &quot;blue&quot; &lt;pixel&gt; &amp; more" width="32" height="24" />`,
    )
    expect(images).toEqual([
      {
        id: image.id,
        url: src,
        alt: ALT,
        mimeType: 'image/png',
        filename: image.filename,
        width: 32,
        height: 24,
      },
    ])
  })

  it('gives byte-identical HTML on every call, populated or not', async () => {
    const first = await lexicalToHtml(post.content, { payload: app.payload, serverURL, site })
    const second = await lexicalToHtml(post.content, { payload: app.payload, serverURL, site })
    expect(second).toEqual(first)
    // The same post read without populating relations (depth 0) gives the same HTML.
    const flat = await app.payload.findByID({ collection: 'posts', id: post.id, depth: 0 })
    expect(flat.content?.root.children.find((child) => child.type === 'upload')?.value).toBe(
      image.id,
    )
    const third = await lexicalToHtml(flat.content, { payload: app.payload, serverURL, site })
    expect(third.html).toBe(first.html)
  })

  it('keeps check lists deterministic (Payload gives each item a random id)', async () => {
    const content = doc(list('check', [{ text: 'Done', checked: true }, { text: 'Todo' }]))
    const first = await lexicalToHtml(content, { payload: app.payload, serverURL, site })
    const second = await lexicalToHtml(content, { payload: app.payload, serverURL, site })
    expect(second.html).toBe(first.html)
    expect(first.html).toBe(
      '<ul class="list-check">' +
        '<li class="list-item-checkbox list-item-checkbox-checked" style="list-style-type:none">' +
        '<input type="checkbox" disabled checked /> Done</li>' +
        '<li class="list-item-checkbox list-item-checkbox-unchecked" style="list-style-type:none">' +
        '<input type="checkbox" disabled /> Todo</li></ul>',
    )
  })

  it('reads through the request it is given, so a transaction sees its own uploads', async () => {
    const req = await createLocalReq({}, app.payload)
    await initTransaction(req)
    try {
      const fresh = await app.payload.create({
        collection: 'media',
        data: { alt: 'Fresh', site },
        file: await pngFile('lexical-fresh.png', '#ff9900'),
        req,
      })
      const content = doc(upload(fresh.id))
      const inside = await lexicalToHtml(content, { payload: app.payload, req, serverURL, site })
      expect(inside.images.map((i) => i.id)).toEqual([fresh.id])
      expect(inside.html).toContain('alt="Fresh"')
      // Outside the transaction the upload does not exist yet, and renders as nothing.
      const outside = await lexicalToHtml(content, { payload: app.payload, serverURL, site })
      expect(outside).toEqual({ html: '', images: [] })
    } finally {
      await killTransaction(req)
    }
  })

  it('renders a non-image upload as a link, and a missing one as nothing', async () => {
    // The smallest PDF Payload's upload check accepts: a header, an xref table and %%EOF.
    const pdf = Buffer.from(
      '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \n' +
        'trailer<</Size 2/Root 1 0 R>>\nstartxref\n40\n%%EOF\n',
    )
    const file = await app.payload.create({
      collection: 'media',
      data: { alt: 'Price list', site },
      file: { data: pdf, mimetype: 'application/pdf', name: 'prices.pdf', size: pdf.length },
    })
    const { html, images } = await lexicalToHtml(doc(upload(file.id), upload(999_999)), {
      payload: app.payload,
      serverURL,
      site,
    })
    expect(html).toBe(
      `<a href="https://cms.example.com/api/media/file/${file.filename}">${file.filename}</a>`,
    )
    expect(images).toEqual([])
  })

  it('renders a relationship as a link, drops nodes it has no converter for, and lists an image once', async () => {
    const content = doc(
      { type: 'relationship', relationTo: 'pages', value: about.id, format: '', version: 2 },
      {
        type: 'block',
        fields: { id: 'b1', blockType: 'unknownBlock', blockName: '' },
        format: '',
        version: 2,
      },
      upload(image.id),
      upload(image.id),
    )
    const { html, images } = await lexicalToHtml(content, { payload: app.payload, serverURL, site })
    expect(
      html.startsWith('<p><a href="https://cms.example.com/about-us">About us</a></p><img '),
    ).toBe(true)
    expect(html).not.toContain('unknown node')
    expect(html.match(/<img /g)).toHaveLength(2)
    expect(images.map((i) => i.id)).toEqual([image.id])
  })

  it("reads a table cell's header state and spans as integers, so a hostile one leaves no debris", async () => {
    const cell = (fields: Record<string, unknown>): Node =>
      ({
        type: 'table',
        ...element,
        children: [
          {
            type: 'tablerow',
            ...element,
            children: [
              { type: 'tablecell', ...element, ...fields, children: [paragraph(text('x'))] },
            ],
          },
        ],
      }) as unknown as Node
    const hostile = '1"><img src=x onerror=alert(1)>'
    const { html } = await lexicalToHtml(
      doc(cell({ headerState: hostile, colSpan: hostile, rowSpan: hostile })),
      {
        payload: app.payload,
        serverURL,
        site,
      },
    )
    expect(html.replace(/\s+/g, ' ')).toContain(
      '<td class="lexical-table-cell lexical-table-cell-header-0" style="border:1px solid #ccc;padding:8px"> <p>x</p> </td>',
    )
    const header = await lexicalToHtml(doc(cell({ headerState: 1, colSpan: 2, rowSpan: 1 })), {
      payload: app.payload,
      serverURL,
      site,
    })
    expect(header.html).toMatch(
      /<th class="lexical-table-cell lexical-table-cell-header-1"\s+colspan="2"/,
    )
  })

  it('gives empty HTML for no content', async () => {
    await expect(lexicalToHtml(null, { payload: app.payload, serverURL, site })).resolves.toEqual({
      html: '',
      images: [],
    })
    await expect(
      lexicalToHtml(undefined, { payload: app.payload, serverURL, site }),
    ).resolves.toEqual({
      html: '',
      images: [],
    })
    await expect(
      lexicalToHtml(doc(paragraph()), { payload: app.payload, serverURL, site }),
    ).resolves.toEqual({
      html: '',
      images: [],
    })
  })

  it('refuses what is not Lexical JSON', async () => {
    for (const value of [
      '<p>hi</p>',
      [{ type: 'paragraph' }],
      { root: null },
      { children: [] },
      42,
    ]) {
      await expect(lexicalToHtml(value, { payload: app.payload, serverURL, site })).rejects.toThrow(
        /content is not Lexical JSON/,
      )
    }
  })

  it('throws instead of leaving out a node that fails to convert', async () => {
    const broken = {
      root: { type: 'root', children: [{ type: 'heading', tag: 'h2', children: null }] },
    }
    await expect(lexicalToHtml(broken, { payload: app.payload, serverURL, site })).rejects.toThrow(
      /Could not convert the rich text to HTML: 1 node\(s\) failed, first a "heading" node/,
    )
  })
})
