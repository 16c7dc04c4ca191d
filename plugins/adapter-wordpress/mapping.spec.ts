import { sampleDocument } from '@plugins/publishing/exports/testing'

import { decodeEntities, escapeText } from './html'
import { modifiedAfter } from './listChanges'
import {
  fromGmtField,
  fromWordPressPost,
  readSourceMarker,
  rewriteImages,
  toGmtField,
  toWordPressPost,
  unwrapContent,
  wrapContent,
  type ImageMap,
} from './mapping'
import { mediaSlug } from './media'

const NOW = new Date('2026-06-01T12:00:00Z')
const OURS = 'https://cms.example.com/api/media/file/harbour.jpg'
const THEIRS = 'https://blog.example.com/wp-content/uploads/2026/06/harbour.jpg'
const images: ImageMap = new Map([[OURS, { id: 41, url: THEIRS }]])
const nothing = {
  terms: { categories: [], tags: [] },
  featuredMediaId: null,
  imageMap: new Map(),
  parentId: null,
  now: NOW,
}

describe('toWordPressPost', () => {
  it('maps a post: escaped title and excerpt, wrapped content, UTC date without Z, terms and featured image', () => {
    const document = sampleDocument({
      collection: 'posts',
      title: 'Fish & <Chips>',
      excerpt: 'A & B',
    })
    const body = toWordPressPost(document, {
      terms: { categories: [3, 9], tags: [4] },
      featuredMediaId: 41,
      imageMap: images,
      parentId: null,
      now: NOW,
    })
    expect(body).toEqual({
      title: 'Fish &amp; &lt;Chips&gt;',
      content: expect.stringMatching(/^<!-- wp:paragraph -->\n<p>Hello/),
      excerpt: 'A &amp; B',
      slug: 'contract-sample-post',
      status: 'publish',
      date_gmt: '2025-01-02T03:04:05',
      featured_media: 41,
      categories: [3, 9],
      tags: [4],
    })
    expect(body.content).toContain(
      `<!-- wp:image {"id":41,"sizeSlug":"full","linkDestination":"none"} -->\n<figure class="wp-block-image size-full"><img src="${THEIRS}" alt="The harbour at dawn" class="wp-image-41"/></figure>`,
    )
    expect(body.content).not.toContain(OURS)
    expect(
      body.content.endsWith(
        '\n\n<!-- wp:html -->\n<!-- syndicate:posts:101 -->\n<!-- /wp:html -->',
      ),
    ).toBe(true)
    expect(body).not.toHaveProperty('parent')
  })

  it('keeps a draft a draft, and schedules a post published in the future', () => {
    expect(
      toWordPressPost(sampleDocument({ collection: 'posts', status: 'draft' }), nothing).status,
    ).toBe('draft')
    const future = toWordPressPost(
      sampleDocument({ collection: 'posts', publishedAt: '2026-07-01T08:00:00.000Z' }),
      nothing,
    )
    expect(future).toMatchObject({ status: 'future', date_gmt: '2026-07-01T08:00:00' })
    const noDate = toWordPressPost(
      sampleDocument({ collection: 'posts', publishedAt: null, excerpt: null }),
      nothing,
    )
    expect(noDate.status).toBe('publish')
    expect(noDate).not.toHaveProperty('date_gmt')
    expect(noDate.excerpt).toBe('')
    // No featured image clears WordPress's (0 means none).
    expect(noDate.featured_media).toBe(0)
  })

  it('maps a page: parent and menu order, no terms', () => {
    const page = sampleDocument({
      collection: 'pages',
      id: 5,
      parent: { id: 4, remoteId: '77' },
      order: 2,
      categories: [],
      tags: [],
    })
    const body = toWordPressPost(page, { ...nothing, parentId: 77 })
    expect(body).toMatchObject({ parent: 77, menu_order: 2 })
    expect(body).not.toHaveProperty('categories')
    expect(body.content).toContain('<!-- syndicate:pages:5 -->')
    expect(toWordPressPost({ ...page, parent: null, order: null }, nothing)).toMatchObject({
      parent: 0,
      menu_order: 0,
    })
  })
})

describe('rewriteImages', () => {
  it('points our images at their WordPress copies and merges the wp-image class', () => {
    const html = `<p><img class="wide wp-image-3" src="${OURS}" alt="a"/> <a href="${OURS}">file</a> <img src="https://elsewhere.example/x.png"></p>`
    expect(rewriteImages(html, images)).toBe(
      `<p><img class="wide wp-image-41" src="${THEIRS}" alt="a"/> <a href="${THEIRS}">file</a> <img src="https://elsewhere.example/x.png"></p>`,
    )
  })

  it('matches URLs escaped in attributes, and keeps $ in URLs literal', () => {
    const ours = 'https://cms.example.com/api/media/file/a.png?v=1&w=2'
    const theirs = 'https://blog.example.com/wp-content/uploads/$1&x.png'
    const html = `<img src="${ours.replace('&', '&amp;')}" />`
    expect(rewriteImages(html, new Map([[ours, { id: 2, url: theirs }]]))).toBe(
      '<img class="wp-image-2" src="https://blog.example.com/wp-content/uploads/$1&amp;x.png" />',
    )
  })

  it('leaves HTML without known images alone', () => {
    expect(rewriteImages('<p>x</p>', new Map())).toBe('<p>x</p>')
  })
})

describe('content wrapper and marker', () => {
  it('round-trips our HTML and names the source', () => {
    const wrapped = wrapContent('<p>a</p><p>b</p>', { collection: 'pages', id: 12 })
    expect(wrapped).toBe(
      '<!-- wp:paragraph -->\n<p>a</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>b</p>\n<!-- /wp:paragraph -->\n\n' +
        '<!-- wp:html -->\n<!-- syndicate:pages:12 -->\n<!-- /wp:html -->',
    )
    expect(unwrapContent(wrapped)).toBe('<p>a</p><p>b</p>')
    expect(readSourceMarker(wrapped)).toEqual({ collection: 'pages', id: 12 })
    expect(unwrapContent(wrapContent('', { collection: 'posts', id: 1 }))).toBe('')
  })

  it('gives back exactly what was sent as one Custom HTML block before blocks', () => {
    const legacy =
      '<!-- wp:html -->\n<p>a</p>\n<p>b</p>\n<!-- syndicate:pages:12 -->\n<!-- /wp:html -->'
    expect(unwrapContent(legacy)).toBe('<p>a</p>\n<p>b</p>')
    expect(readSourceMarker(legacy)).toEqual({ collection: 'pages', id: 12 })
  })

  it('removes the delimiters and the marker from content WordPress users reworked, and finds none in foreign content', () => {
    expect(
      unwrapContent(
        '<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->\n<!-- syndicate:posts:3 -->',
      ),
    ).toBe('<p>x</p>')
    expect(unwrapContent('<p>classic</p>\n<p>content</p>')).toBe('<p>classic</p>\n<p>content</p>')
    expect(readSourceMarker('<p>syndicate:posts:3</p>')).toBeNull()
  })
})

describe('fromWordPressPost', () => {
  const raw = {
    id: 55,
    type: 'post',
    status: 'publish',
    slug: 'fish-chips',
    link: 'https://blog.example.com/fish-chips/',
    author: 2,
    date_gmt: '2025-01-02T03:04:05',
    modified_gmt: '2025-01-03T00:00:00',
    title: { raw: 'Fish &amp; Chips', rendered: 'Fish &#038; Chips' },
    content: {
      raw: wrapContent('<p>Hi</p>', { collection: 'posts', id: 9 }),
      rendered: '<p>Hi</p>',
    },
    excerpt: { raw: '', rendered: '<p>Hi</p>' },
    parent: 0,
    menu_order: 0,
    categories: [3, 'x', 4],
    tags: [],
    featured_media: 0,
  }

  it('narrows to our fields, with Z dates and decoded text', () => {
    expect(fromWordPressPost(raw)).toEqual({
      id: 55,
      type: 'post',
      status: 'publish',
      slug: 'fish-chips',
      link: 'https://blog.example.com/fish-chips/',
      author: 2,
      title: 'Fish & Chips',
      html: '<p>Hi</p>',
      excerpt: '',
      publishedAt: '2025-01-02T03:04:05Z',
      modifiedAt: '2025-01-03T00:00:00Z',
      parent: null,
      menuOrder: 0,
      categories: [3, 4],
      tags: [],
      featuredMediaId: null,
      source: { collection: 'posts', id: 9 },
    })
  })

  it('falls back to rendered fields (view context) and refuses what is not a post', () => {
    const view = fromWordPressPost({
      ...raw,
      title: { rendered: 'Fish &#038; Chips' },
      content: { rendered: '<p>Hi</p>' },
      date_gmt: null,
    })
    expect(view).toMatchObject({
      title: 'Fish & Chips',
      html: '<p>Hi</p>',
      publishedAt: null,
      source: null,
    })
    expect(fromWordPressPost(null)).toBeNull()
    expect(fromWordPressPost([raw])).toBeNull()
    expect(
      fromWordPressPost({ code: 'rest_post_invalid_id', message: 'Invalid post ID.' }),
    ).toBeNull()
  })
})

describe('dates', () => {
  it('writes *_gmt fields as UTC without offset and reads them back with Z', () => {
    expect(toGmtField('2025-01-02T04:04:05.123+01:00')).toBe('2025-01-02T03:04:05')
    expect(toGmtField(null)).toBeNull()
    expect(toGmtField('not a date')).toBeNull()
    expect(fromGmtField('2025-01-02T03:04:05')).toBe('2025-01-02T03:04:05Z')
    expect(fromGmtField('0000-00-00T00:00:00')).toBeNull()
    expect(fromGmtField('2025-01-02')).toBeNull()
  })

  it('asks for changes from one second before the last one seen, with an explicit Z', () => {
    expect(modifiedAfter(new Date('2025-01-02T03:04:05.678Z'))).toBe('2025-01-02T03:04:04Z')
  })
})

describe('text and media helpers', () => {
  it('decodes what WordPress escapes, and leaves unknown references alone', () => {
    expect(decodeEntities('News &amp; Views &#8217;24 &#x27;x&#x27; &hellip; &bogus;')).toBe(
      "News & Views \u201924 'x' \u2026 &bogus;",
    )
    expect(decodeEntities(escapeText('a < b & c > d'))).toBe('a < b & c > d')
  })

  it('names a media copy by our id and the file bytes', () => {
    const bytes = new TextEncoder().encode('abc')
    // sha256("abc") = ba7816bf…
    expect(mediaSlug(7, bytes)).toBe('syndicate-7-ba7816bf')
    expect(mediaSlug(7, new TextEncoder().encode('abd'))).not.toBe('syndicate-7-ba7816bf')
  })
})
