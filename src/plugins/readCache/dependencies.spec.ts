import type { SanitizedConfig } from 'payload'

import { dependencyGraph } from './dependencies'
import { normalisedQuery } from './plan'

/** Just enough of a config for the graph: Syndicate's content model in miniature. */
const config = {
  collections: [
    {
      slug: 'sites',
      fields: [
        { name: 'logo', type: 'upload', relationTo: 'media' },
        { name: 'posts', type: 'join', collection: 'posts', on: 'site' },
      ],
    },
    {
      slug: 'posts',
      fields: [
        { name: 'site', type: 'relationship', relationTo: 'sites' },
        {
          name: 'meta',
          type: 'group',
          fields: [{ name: 'image', type: 'upload', relationTo: 'media' }],
        },
        { name: 'categories', type: 'relationship', relationTo: 'categories', hasMany: true },
        { name: 'content', type: 'richText' },
      ],
    },
    { slug: 'categories', fields: [{ name: 'site', type: 'relationship', relationTo: 'sites' }] },
    { slug: 'media', fields: [{ name: 'site', type: 'relationship', relationTo: 'sites' }] },
    { slug: 'tags', fields: [] },
    { slug: 'users', fields: [] },
    { slug: 'payload-jobs', fields: [] },
  ],
  globals: [],
} as unknown as SanitizedConfig

const readable = ['sites', 'posts', 'categories', 'media', 'tags']
const sorted = (values: readonly string[]) => [...values].sort()

describe('dependencyGraph', () => {
  const graph = dependencyGraph(config, readable)

  it('ties an answer at depth 0 to its own collection, users and sites only', () => {
    expect(sorted(graph.reach('categories', 0))).toEqual(['categories', 'sites', 'users'])
  })

  it('follows relationships one hop per level of depth', () => {
    const reach = (depth: number) => sorted(graph.reach('media', depth))
    expect(reach(0)).toEqual(['media', 'sites', 'users'])
    // media → site → logo (media) and the joined posts, which reach further.
    expect(reach(1)).toEqual(expect.arrayContaining(['media', 'sites', 'posts', 'users']))
  })

  it('counts every joined collection at any depth', () => {
    expect(graph.reach('sites', 0)).toContain('posts')
  })

  it('takes every readable collection once rich text is populated, never Payload bookkeeping', () => {
    expect(sorted(graph.reach('posts', 1))).toEqual(sorted([...readable, 'users']))
    expect(graph.everything).not.toContain('payload-jobs')
  })
})

describe('normalisedQuery', () => {
  it('spells the same request one way, keeping the order of one key’s values', () => {
    const a = normalisedQuery(new URLSearchParams('limit=10&depth=1&sort=a&sort=b'))
    const b = normalisedQuery(new URLSearchParams('depth=1&sort=a&limit=10&sort=b'))
    expect(a).toBe(b)
    expect(a).not.toBe(normalisedQuery(new URLSearchParams('depth=1&sort=b&limit=10&sort=a')))
  })
})
