import type { RemoteItem } from '../types'

import { remoteHash } from './remoteHash'

const item: RemoteItem = {
  remoteId: '7',
  collection: 'posts',
  title: 'Harbour',
  slug: 'harbour',
  html: '<p>Boats.</p>',
  excerpt: 'Short',
  status: 'publish',
  modifiedAt: '2026-01-01T10:00:00Z',
  url: 'https://blog.example.com/harbour/',
  categories: ['News', 'Boats'],
  tags: [],
  featuredImage: {
    url: 'https://blog.example.com/a.png',
    alt: 'A',
    filename: 'a.png',
    sourceId: null,
  },
  removed: null,
  source: null,
}

describe('remoteHash', () => {
  it('ignores the modification time, URL, source marker and term order', () => {
    expect(
      remoteHash({
        ...item,
        modifiedAt: '2027-01-01T00:00:00Z',
        url: null,
        source: { collection: 'posts', id: 3 },
        categories: ['Boats', 'News'],
      }),
    ).toBe(remoteHash(item))
  })

  it.each<[string, Partial<RemoteItem>]>([
    ['title', { title: 'Harbour!' }],
    ['slug', { slug: 'harbour-2' }],
    ['content', { html: '<p>Ships.</p>' }],
    ['excerpt', { excerpt: null }],
    ['status', { status: 'draft' }],
    ['categories', { categories: ['News'] }],
    ['tags', { tags: ['x'] }],
    ['featured image', { featuredImage: null }],
    ['trash', { removed: 'trashed' }],
  ])('changes with the %s', (_field, change) => {
    expect(remoteHash({ ...item, ...change })).not.toBe(remoteHash(item))
  })
})
