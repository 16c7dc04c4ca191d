/**
 * The HTML policy end to end: what an editor can make the rich-text converters write, what the
 * preview and a delivery then carry, and which references they may name.
 */
import type { TypedUser } from 'payload'

import fc from 'fast-check'
import { renderToStaticMarkup } from 'react-dom/server'

import { renderPreview } from '@/preview/renderPreview'
import { lexicalToHtml } from '@plugins/publishing/exports/server'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { executableMarkup } from '../helpers/executableMarkup'
import { pngFile, type World } from '../helpers/fixtures'
import { startReceiver, type Receiver } from '../helpers/receiver'

const SECRET = 'html-policy-webhook-secret'
const serverURL = 'https://cms.example.com'
/** The reported attack: a table cell whose `headerState` closes the class attribute. */
const ATTACK = '1"><img src=x onerror=alert(document.domain)>'

type Json = Record<string, unknown>

let app: TestApp
let world: World
let receiver: Receiver
let image: number
let aboutA: number
/** A draft page of site B, and a draft page of site A: names no delivery or preview may show. */
let draftB: number
let draftA: number

const element = { direction: 'ltr', format: '', indent: 0, version: 1 }
const text = (value: string): Json => ({
  type: 'text',
  detail: 0,
  format: 0,
  mode: 'normal',
  style: '',
  text: value,
  version: 1,
})
const paragraph = (...children: Json[]): Json => ({
  type: 'paragraph',
  ...element,
  textFormat: 0,
  textStyle: '',
  children,
})
const root = (...children: Json[]) => ({ root: { type: 'root', ...element, children } })
const hostileTable = (headerState: unknown): Json => ({
  type: 'table',
  ...element,
  children: [
    {
      type: 'tablerow',
      ...element,
      children: [
        {
          type: 'tablecell',
          ...element,
          headerState,
          colSpan: 1,
          rowSpan: 1,
          children: [paragraph(text('cell'))],
        },
      ],
    },
  ],
})
const internalLink = (relationTo: string, value: unknown, label: string): Json => ({
  type: 'link',
  ...element,
  version: 3,
  fields: { linkType: 'internal', newTab: false, doc: { relationTo, value } },
  children: [text(label)],
})

const userOf = async (auth: World['actors']['admin']): Promise<TypedUser> => {
  if (!auth || !('token' in auth)) throw new Error('a signed-in actor is needed')
  const { user } = await app.payload.auth({
    headers: new Headers({ Authorization: `JWT ${auth.token}` }),
  })
  if (!user) throw new Error('the token did not sign in')
  return user
}

/** The preview page as the browser receives it, for `user`. */
const previewHtml = async (
  collection: 'pages' | 'posts',
  id: number,
  auth: World['actors']['admin'],
): Promise<string> =>
  renderToStaticMarkup(
    await renderPreview({
      payload: app.payload,
      user: await userOf(auth),
      collection,
      id: String(id),
    }),
  )

/** Saves a published post of site A as editor A over REST, delivers it, and returns the HTML the receiver got. */
const publishAndDeliver = async (
  title: string,
  content: Json,
): Promise<{ id: number; delivered: string }> => {
  receiver.requests.length = 0
  const res = await app.api.post('/posts', {
    auth: world.actors.editorA,
    body: { title, site: world.siteA, _status: 'published', content },
  })
  expect(res.status).toBe(201)
  await drainDeliveries(app.payload)
  const request = receiver.requests.find(
    (r) => r.document?.collection === 'posts' && r.document.id === res.body.doc.id,
  )
  if (!request?.document) throw new Error(`no delivery of "${title}" reached the receiver`)
  return { id: res.body.doc.id as number, delivered: String(request.document.html) }
}

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receiver = await startReceiver(SECRET)
  const hook = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: {
      name: 'Hook',
      site: world.siteA,
      platform: 'webhook',
      config: { url: receiver.url },
      credentials: { signingSecret: SECRET },
    },
  })
  expect(hook.status).toBe(201)
  const { payload } = app
  image = (
    await payload.create({
      collection: 'media',
      data: { alt: 'Pixel', site: world.siteA },
      file: await pngFile('policy.png'),
    })
  ).id
  const page = (site: number, title: string, slug: string, status: 'draft' | 'published') =>
    payload
      .create({ collection: 'pages', data: { title, slug, site, _status: status } })
      .then((doc) => doc.id)
  aboutA = await page(world.siteA, 'About A', 'about-a', 'published')
  draftB = await page(world.siteB, 'Secret merger of B', 'secret-merger-b', 'draft')
  draftA = await page(world.siteA, 'Unannounced A', 'unannounced-a', 'draft')
})
afterAll(async () => {
  await receiver?.close()
  await app?.close()
})

describe('a hostile table cell saved over REST', () => {
  it('is the attack: Payload converts it to a live event handler without the policy', async () => {
    // Guards the test below: the node is accepted over REST and really is dangerous raw.
    const { defaultHTMLConvertersAsync, convertLexicalToHTMLAsync } =
      await import('@payloadcms/richtext-lexical/html-async')
    const raw = await convertLexicalToHTMLAsync({
      converters: defaultHTMLConvertersAsync,
      data: root(hostileTable(ATTACK)) as never,
      disableContainer: true,
    })
    expect(executableMarkup(raw)).toContainEqual(expect.stringContaining('onerror'))
  })

  it('reaches neither the preview nor a destination as executable markup', async () => {
    const { id, delivered } = await publishAndDeliver('Table attack', root(hostileTable(ATTACK)))
    expect(executableMarkup(delivered)).toEqual([])
    expect(delivered).toContain('cell')

    const preview = await previewHtml('posts', id, world.actors.admin)
    expect(preview).toContain('Table attack')
    expect(executableMarkup(preview)).toEqual([])
  })
})

describe('references in rich text', () => {
  it('link to published pages of the same site only; anything else stays plain text, unnamed', async () => {
    const content = root(
      paragraph(
        internalLink('pages', aboutA, 'ours'),
        text(' · '),
        internalLink('pages', draftB, 'theirs'),
        text(' · '),
        internalLink('pages', draftA, 'not yet'),
        text(' · '),
        internalLink('pages', 999_999, 'gone'),
      ),
      { type: 'relationship', relationTo: 'pages', value: draftB, format: '', version: 2 },
      { type: 'relationship', relationTo: 'pages', value: draftA, format: '', version: 2 },
    )
    const { id, delivered } = await publishAndDeliver('Links', content)
    // The preview's own page tree lists site A's drafts to its editor; the article must not.
    const article = /<article.*<\/article>/s.exec(
      await previewHtml('posts', id, world.actors.editorA),
    )?.[0]
    for (const html of [delivered, article]) {
      expect(html).toMatch(/<a href="[^"]*\/about-a">ours<\/a>/)
      expect(html).toContain(' · theirs · not yet · gone')
      for (const secret of ['Secret merger', 'secret-merger-b', 'Unannounced', 'unannounced-a'])
        expect(html).not.toContain(secret)
    }
  })

  it('renders another site’s media as nothing, and its own media as an image', async () => {
    const foreign = await app.payload.create({
      collection: 'media',
      data: { alt: 'Site B logo', site: world.siteB },
      file: await pngFile('policy-b.png', '#00ff00'),
    })
    const upload = (value: number): Json => ({
      type: 'upload',
      id: 'n',
      relationTo: 'media',
      value,
      fields: null,
      format: '',
      version: 3,
    })
    const { html, images } = await lexicalToHtml(root(upload(foreign.id), upload(image)), {
      payload: app.payload,
      serverURL,
      site: world.siteA,
    })
    expect(html).not.toContain('Site B logo')
    expect(images.map((i) => i.id)).toEqual([image])
  })
})

/** Arbitrary strings, mixed with what an attacker would try. */
const HOSTILE = [
  '"',
  "'",
  '<',
  '>',
  '&',
  '`',
  '=',
  ' ',
  '\t',
  '\u0000',
  '1',
  '0',
  '-1',
  '2',
  'h1',
  'h7',
  'ol',
  'check',
  'number',
  'internal',
  'custom',
  'center',
  'pages',
  'posts',
  'media',
  'users',
  'upload',
  'relationship',
  'text',
  'link',
  '" onerror="alert(1)',
  "' onmouseover='alert(1)'",
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  'javascript:alert(1)',
  ' JaVa\tScRiPt:alert(1)',
  '&#x6a;avascript:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/png;base64,AAAA',
  'expression(alert(1))',
  'red;background:url(javascript:alert(1))',
  '<style>*{}</style>',
  '<base href="//evil.example/">',
  '<form action="javascript:alert(1)">',
  '<!--',
  '-->',
  '</td></tr></table><script>alert(1)</script>',
  '<body onload=alert(1)>',
]
const anyString = fc.oneof(
  fc.string(),
  fc.constantFrom(...HOSTILE),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string()), { maxLength: 4 })
    .map((parts) => parts.join('')),
)

/**
 * One document holding every node type the converters know, each of whose properties (numbers
 * included: `headerState` was one) is an arbitrary string; ids are sometimes real ones.
 */
const hostileDocument = fc
  .record({
    s: fc.array(anyString, { minLength: 48, maxLength: 48 }),
    pageId: fc.oneof(anyString, fc.constant('')),
    uploadId: fc.oneof(anyString, fc.constant('')),
  })
  .map(({ s, pageId, uploadId }) => {
    let i = 0
    const next = () => s[i++ % s.length]!
    const el = () => ({ direction: next(), format: next(), indent: next(), version: 1 })
    const txt = (): Json => ({
      type: 'text',
      detail: 0,
      format: 0,
      mode: next(),
      style: next(),
      text: next(),
      version: 1,
    })
    const realPage = pageId === '' ? String(aboutA) : pageId
    const realUpload = uploadId === '' ? String(image) : uploadId
    return root(
      {
        type: 'paragraph',
        ...el(),
        textStyle: next(),
        children: [
          txt(),
          {
            type: 'link',
            ...el(),
            fields: {
              linkType: next(),
              url: next(),
              newTab: next(),
              doc: { relationTo: next(), value: next() },
            },
            children: [txt()],
          },
          {
            type: 'link',
            ...el(),
            fields: {
              linkType: 'internal',
              newTab: next(),
              doc: { relationTo: 'pages', value: realPage },
            },
            children: [txt()],
          },
          {
            type: 'link',
            ...el(),
            fields: { linkType: 'custom', url: next(), newTab: next() },
            children: [txt()],
          },
          {
            type: 'autolink',
            ...el(),
            fields: { linkType: 'custom', url: next(), newTab: next() },
            children: [txt()],
          },
          { type: 'linebreak', version: 1 },
          { type: 'tab', text: next(), version: 1 },
        ],
      },
      { type: 'heading', ...el(), tag: next(), children: [txt()] },
      { type: 'quote', ...el(), children: [txt()] },
      {
        type: 'list',
        ...el(),
        tag: next(),
        listType: next(),
        start: next(),
        children: [
          { type: 'listitem', ...el(), value: next(), checked: next(), children: [txt()] },
        ],
      },
      {
        type: 'list',
        ...el(),
        tag: 'ul',
        listType: 'check',
        start: next(),
        children: [
          { type: 'listitem', ...el(), value: next(), checked: next(), children: [txt()] },
        ],
      },
      {
        type: 'table',
        ...el(),
        children: [
          {
            type: 'tablerow',
            ...el(),
            height: next(),
            children: [
              {
                type: 'tablecell',
                ...el(),
                headerState: next(),
                colSpan: next(),
                rowSpan: next(),
                backgroundColor: next(),
                width: next(),
                children: [txt()],
              },
            ],
          },
        ],
      },
      {
        type: 'upload',
        id: next(),
        relationTo: next(),
        value: next(),
        fields: { alt: next() },
        format: next(),
        version: 3,
      },
      {
        type: 'upload',
        id: next(),
        relationTo: 'media',
        value: realUpload,
        fields: { alt: next() },
        format: next(),
        version: 3,
      },
      { type: 'relationship', relationTo: next(), value: next(), format: next(), version: 2 },
      { type: 'relationship', relationTo: 'pages', value: realPage, format: next(), version: 2 },
      { type: 'horizontalrule', version: 1 },
      { type: next(), ...el(), text: next(), fields: { blockType: next() }, children: [txt()] },
      { type: 'block', ...el(), fields: { id: next(), blockType: next(), blockName: next() } },
    )
  })

describe('the rich-text converters under the HTML policy (property)', () => {
  it('write no executable markup, whatever strings the nodes hold', async () => {
    await fc.assert(
      fc.asyncProperty(hostileDocument, async (content) => {
        const { html } = await lexicalToHtml(content, {
          payload: app.payload,
          serverURL,
          site: world.siteA,
        })
        expect(executableMarkup(html)).toEqual([])
      }),
      { numRuns: 150 },
    )
  })
})
