import { wrapContent } from './mapping'
import { toRemoteItem } from './remoteItem'

const wordPressPost = {
  id: 42,
  type: 'post',
  status: 'future',
  slug: 'news-views',
  link: 'https://blog.example.com/news-views/',
  title: { raw: 'News &amp; Views' },
  content: { raw: wrapContent('<p>Hi</p>', { collection: 'posts', id: 9 }) },
  excerpt: { raw: 'Short' },
  modified_gmt: '2026-01-01T10:00:00',
  featured_media: 5,
  _embedded: {
    'wp:term': [
      [{ id: 1, name: 'Boats &amp; Ships', taxonomy: 'category' }],
      [{ id: 2, name: 'tides', taxonomy: 'post_tag' }],
    ],
    'wp:featuredmedia': [
      {
        id: 5,
        slug: 'syndicate-12-0a1b2c3d',
        source_url: 'https://blog.example.com/wp-content/uploads/2026/01/a.png',
        alt_text: 'A',
        media_details: { file: '2026/01/a.png' },
      },
    ],
  },
}

describe('toRemoteItem', () => {
  it('maps a WordPress post with its embedded terms and featured image', () => {
    expect(toRemoteItem(wordPressPost, 'posts')).toEqual({
      remoteId: '42',
      collection: 'posts',
      title: 'News & Views',
      slug: 'news-views',
      html: '<p>Hi</p>',
      excerpt: 'Short',
      status: 'publish',
      modifiedAt: '2026-01-01T10:00:00Z',
      url: 'https://blog.example.com/news-views/',
      categories: ['Boats & Ships'],
      tags: ['tides'],
      featuredImage: {
        url: 'https://blog.example.com/wp-content/uploads/2026/01/a.png',
        alt: 'A',
        filename: 'a.png',
        sourceId: 12,
      },
      removed: null,
      source: { collection: 'posts', id: 9 },
    })
  })

  it('says when a post is in the trash, and gives back its slug', () => {
    expect(
      toRemoteItem({ ...wordPressPost, status: 'trash', slug: 'news-views__trashed' }, 'posts'),
    ).toMatchObject({
      removed: 'trashed',
      slug: 'news-views',
      status: 'draft',
    })
  })

  it('takes a draft’s generated slug, and leaves out images it cannot read', () => {
    const draft = {
      ...wordPressPost,
      status: 'pending',
      slug: '',
      generated_slug: 'news-views',
      _embedded: { 'wp:featuredmedia': [{ code: 'rest_forbidden' }] },
    }
    expect(toRemoteItem(draft, 'pages')).toMatchObject({
      slug: 'news-views',
      status: 'draft',
      featuredImage: null,
      categories: [],
      collection: 'pages',
    })
  })

  it('keeps a scheduled post scheduled: live, with its date, which a published post has not', () => {
    const scheduled = { ...wordPressPost, date_gmt: '2026-02-01T09:30:00' }
    expect(toRemoteItem(scheduled, 'posts')).toMatchObject({
      status: 'publish',
      scheduledFor: '2026-02-01T09:30:00Z',
    })
    expect(toRemoteItem({ ...scheduled, status: 'publish' }, 'posts')).not.toHaveProperty(
      'scheduledFor',
    )
  })

  it('refuses what is not a post', () => {
    expect(toRemoteItem({ code: 'rest_post_invalid_id' }, 'posts')).toBeNull()
  })
})
