import fc from 'fast-check'

import type { RenderedFile, RenderedSite, SiteChange, SiteInput, SitePage, SitePost } from './types'

import { planChange, siteBefore } from './graph'
import { renderSite } from './renderSite'
import { image, post, SAMPLE_OPTIONS, sampleSite } from './sampleSite'

/** The sample site with one post replaced (or added, or removed when `next` is null). */
const withPost = (site: SiteInput, id: number, next: SitePost | null): SiteInput => ({
  ...site,
  posts: [...site.posts.filter((p) => p.id !== id), ...(next ? [next] : [])],
})

const withPage = (site: SiteInput, id: number, next: SitePage | null): SiteInput => ({
  ...site,
  pages: [...site.pages.filter((p) => p.id !== id), ...(next ? [next] : [])],
})

const base = sampleSite()
const postOf = (n: number): SitePost => base.posts.find((p) => p.id === 100 + n)!
const pageOf = (id: number): SitePage => base.pages.find((p) => p.id === id)!

type Case = {
  name: string
  /** The site after the change, and the change. */
  make: () => { site: SiteInput; change: SiteChange }
  write: string[] | 'all'
  remove?: string[]
}

const postChange = (n: number, next: SitePost | null) => () => ({
  site: withPost(base, 100 + n, next),
  change: {
    type: 'post',
    before: base.posts.find((p) => p.id === 100 + n) ?? null,
    after: next,
  } as SiteChange,
})

const pageChange = (id: number, next: SitePage | null) => () => ({
  site: withPage(base, id, next),
  change: { type: 'page', before: pageOf(id), after: next } as SiteChange,
})

/**
 * The sample site: posts 12 (newest) … 1, five per listing page counted from the oldest (blog:
 * the front [12–6], page 1 [5–1]); category even [12 10 8 6 4 2], odd [11 9 7 5 3 1] and tag
 * three [12 9 6 3] on their front pages only; the home page shows the newest 3, the sidebar page
 * "team" links the newest 5, "about" links post 3 in its body.
 */
const CASES: Case[] = [
  {
    name: 'a post body edited: the post, the feed, the sitemap',
    make: postChange(5, { ...postOf(5), html: '<p>New words.</p>' }),
    write: ['blog/post-5/index.html', 'feed.xml', 'sitemap.xml'],
  },
  {
    name: 'a post retitled: also the listings and archives showing it, and its neighbours',
    make: postChange(5, { ...postOf(5), title: 'A new title' }),
    write: [
      'blog/category/odd/index.html',
      'blog/page/1/index.html',
      'blog/post-4/index.html',
      'blog/post-5/index.html',
      'blog/post-6/index.html',
      'feed.xml',
      'sitemap.xml',
    ],
  },
  {
    name: 'a post tagged: its page and the tag archive (listing cards do not show tags)',
    make: postChange(5, { ...postOf(5), tags: [{ slug: 'three', name: 'Three' }] }),
    write: ['blog/post-5/index.html', 'blog/tag/three/index.html', 'feed.xml', 'sitemap.xml'],
  },
  {
    name: 'a post published, the newest: the front listings, home and sidebar show it; no listing page below them changes',
    make: () => {
      const next = post(13)
      return {
        site: withPost(base, 113, next),
        change: { type: 'post', before: null, after: next },
      }
    },
    write: [
      'about/team/index.html',
      'blog/category/odd/index.html',
      'blog/index.html',
      'blog/post-12/index.html',
      'blog/post-13/index.html',
      'feed.xml',
      'index.html',
      'sitemap.xml',
    ],
  },
  {
    name: 'a post published, backdated to the oldest: every listing page above it shifts',
    make: () => {
      const next = post(13, {
        publishedAt: '2025-06-01T00:00:00.000Z',
        categories: [{ slug: 'even', name: 'Even' }],
      })
      return {
        site: withPost(base, 113, next),
        change: { type: 'post', before: null, after: next },
      }
    },
    write: [
      'blog/category/even/index.html',
      'blog/index.html',
      'blog/page/1/index.html',
      'blog/post-1/index.html',
      'blog/post-13/index.html',
      'feed.xml',
      'sitemap.xml',
    ],
  },
  {
    name: 'a post unpublished: its page goes, the listings showing it and those above it shift, a body linking to it changes',
    make: postChange(3, null),
    write: [
      'about/index.html',
      'blog/category/odd/index.html',
      'blog/index.html',
      'blog/page/1/index.html',
      'blog/post-2/index.html',
      'blog/post-4/index.html',
      'blog/tag/three/index.html',
      'feed.xml',
      'sitemap.xml',
    ],
    remove: ['blog/post-3/index.html'],
  },
  {
    name: 'a post given a new slug: its old path goes, the new one and everything linking to it are written',
    make: postChange(8, { ...postOf(8), slug: 'renamed' }),
    write: [
      'about/team/index.html',
      'blog/category/even/index.html',
      'blog/index.html',
      'blog/post-7/index.html',
      'blog/post-9/index.html',
      'blog/renamed/index.html',
      'feed.xml',
      'sitemap.xml',
    ],
    remove: ['blog/post-8/index.html'],
  },
  {
    name: 'a post given an image: its card, and the image files',
    make: postChange(7, { ...postOf(7), image: image(7000, 'seven') }),
    write: [
      'blog/category/odd/index.html',
      'blog/index.html',
      'blog/post-7/index.html',
      'feed.xml',
      'media/seven-1600x1067.jpg',
      'media/seven-400x267.jpg',
      'media/seven-768x512.jpg',
      'media/seven.jpg',
      'sitemap.xml',
    ],
  },
  {
    name: 'a post saved unchanged: nothing',
    make: postChange(5, { ...postOf(5) }),
    write: [],
  },
  {
    name: 'a page body edited: that page and the sitemap',
    make: pageChange(8, { ...pageOf(8), html: '<p>Changed.</p>' }),
    write: ['privacy/index.html', 'sitemap.xml'],
  },
  {
    name: 'a page given another template: that page',
    make: pageChange(8, { ...pageOf(8), template: 'sidebar' }),
    write: ['privacy/index.html', 'sitemap.xml'],
  },
  {
    name: 'a page retitled: the navigation, so everything',
    make: pageChange(8, { ...pageOf(8), title: 'Privacy policy' }),
    write: 'all',
  },
  {
    name: 'pages reordered: everything',
    make: pageChange(8, { ...pageOf(8), order: 'a0V' }),
    write: 'all',
  },
  {
    name: 'a page moved up the tree: everything, and its old paths go',
    make: pageChange(4, { ...pageOf(4), parent: null, order: 'a5' }),
    write: 'all',
    remove: ['about/history/founders/index.html', 'about/history/index.html'],
  },
  {
    name: 'a page unpublished: everything, its subtree goes',
    make: pageChange(4, null),
    write: 'all',
    remove: ['about/history/founders/index.html', 'about/history/index.html'],
  },
  {
    name: 'site settings: everything',
    make: () => ({
      site: { ...base, settings: { ...base.settings, tagline: 'New tagline' } },
      change: { type: 'site' },
    }),
    write: 'all',
  },
  {
    name: 'the first post of a site without posts: the navigation gains "Blog", so everything',
    make: () => {
      const next = post(1)
      return {
        site: { ...base, posts: [next] },
        change: { type: 'post', before: null, after: next },
      }
    },
    write: 'all',
  },
]

/** Paths whose bytes differ between two full renders (or that only the second has). */
const changedFiles = (before: RenderedSite, after: RenderedSite): string[] =>
  [...after.keys()]
    .filter((path) => JSON.stringify(before.get(path)) !== JSON.stringify(after.get(path)))
    .sort()

describe('planChange (the dependency graph)', () => {
  const full = renderSite(base, SAMPLE_OPTIONS).files

  it.each(CASES)('$name', ({ make, write, remove = [] }) => {
    const { site, change } = make()
    // the sample site stays what the table describes
    if (
      change.type !== 'site' &&
      !(change.type === 'post' && change.before === null && site.posts.length === 1)
    ) {
      expect(siteBefore(site, change).posts.length).toBe(base.posts.length)
    }
    const plan = planChange(site, change, SAMPLE_OPTIONS)
    const after = renderSite(site, SAMPLE_OPTIONS).files
    const before =
      change.type === 'post' && site.posts.length === 1
        ? renderSite(siteBefore(site, change), SAMPLE_OPTIONS).files
        : full
    expect(plan.remove).toEqual(remove)
    if (write === 'all') {
      expect(plan.full).toBe(true)
      expect(plan.write).toEqual([...after.keys()].sort())
    } else {
      expect(plan.full).toBe(false)
      expect(plan.write).toEqual(write)
    }
    // Sound: every file whose bytes changed is in the plan, and what goes is what the render lacks.
    const changed = changedFiles(before, after)
    expect(changed.filter((path) => !plan.write.includes(path))).toEqual([])
    expect([...before.keys()].filter((path) => !after.has(path)).sort()).toEqual(plan.remove)
    // Tight, for the incremental cases: nothing is rewritten that comes out the same, except the
    // feed and sitemap (which are cheap) and a listing whose card input changed but not its bytes.
    if (write !== 'all') {
      const extra = plan.write.filter(
        (path) => !changed.includes(path) && path !== 'feed.xml' && path !== 'sitemap.xml',
      )
      expect(extra).toEqual([])
    }
  })

  it('is sound for every kind of post change, on posts at every kind of position', () => {
    const edits: [string, (p: SitePost) => SitePost | null][] = [
      ['title', (p) => ({ ...p, title: `${p.title}!` })],
      ['excerpt', (p) => ({ ...p, excerpt: 'Other' })],
      ['date', (p) => ({ ...p, publishedAt: '2025-01-01T00:00:00.000Z' })],
      ['category', (p) => ({ ...p, categories: [{ slug: 'new', name: 'New' }] })],
      ['unpublish', () => null],
    ]
    // the newest, the oldest, both ends of a listing page, the middle
    for (const n of [1, 2, 3, 7, 8, 12]) {
      for (const [, edit] of edits) {
        const next = edit(postOf(n))
        const site = withPost(base, 100 + n, next)
        const plan = planChange(
          site,
          { type: 'post', before: postOf(n), after: next },
          SAMPLE_OPTIONS,
        )
        const after = renderSite(site, SAMPLE_OPTIONS).files
        const missing = changedFiles(full, after).filter((path) => !plan.write.includes(path))
        expect({ n, next: next?.title ?? null, missing }).toEqual({
          n,
          next: next?.title ?? null,
          missing: [],
        })
        expect(plan.remove).toEqual([...full.keys()].filter((path) => !after.has(path)).sort())
      }
    }
  })
})

describe('stable pagination: a publish on a site with many listing pages', () => {
  // n posts, 5 per page, in three categories (by n % 3) and a tag (odd n): each with pages.
  const many = (count: number): SitePost[] =>
    Array.from({ length: count }, (_, i) =>
      post(i + 1, {
        publishedAt: new Date(Date.UTC(2026, 0, 1, i + 1)).toISOString(),
        categories: [{ slug: `c${(i + 1) % 3}`, name: `C${(i + 1) % 3}` }],
        tags: (i + 1) % 2 ? [{ slug: 'odd', name: 'Odd' }] : [],
      }),
    )
  const siteOf = (posts: SitePost[]): SiteInput => ({ ...base, posts })
  const text = (file: RenderedFile | undefined): string =>
    file && 'body' in file ? String(file.body) : ''
  const bucketPages = (files: RenderedSite): string[] =>
    [...files.keys()].filter((path) => /\/page\/\d+\/index\.html$/.test(path)).sort()

  it('rewrites no listing page but the fronts: every other one stays byte for byte', () => {
    // 55 posts: no front is one post short of making a page of its own (categories of 18, 19, 18)
    const before = siteOf(many(55))
    const next = post(56, {
      publishedAt: '2026-03-01T00:00:00.000Z',
      image: null,
      categories: [{ slug: 'c0', name: 'C0' }],
      tags: [{ slug: 'odd', name: 'Odd' }],
    })
    const after = siteOf([...before.posts, next])
    const plan = planChange(after, { type: 'post', before: null, after: next }, SAMPLE_OPTIONS)
    const old = renderSite(before, SAMPLE_OPTIONS).files
    const now = renderSite(after, SAMPLE_OPTIONS).files
    expect(bucketPages(old)).toHaveLength(20) // blog 10, categories 2 each, tag 4
    expect(bucketPages(now)).toEqual(bucketPages(old))
    for (const path of bucketPages(old))
      expect({ path, same: text(now.get(path)) === text(old.get(path)) }).toEqual({
        path,
        same: true,
      })
    expect(plan.write.filter((path) => path.includes('/page/'))).toEqual([])
    expect(plan.write).toEqual([
      'about/team/index.html',
      'blog/category/c0/index.html',
      'blog/index.html',
      'blog/post-55/index.html',
      'blog/post-56/index.html',
      'blog/tag/odd/index.html',
      'feed.xml',
      'index.html',
      'sitemap.xml',
    ])
    expect(plan.remove).toEqual([])
  })

  it('when the front fills up, adds one page and relinks the one below it, nothing else', () => {
    // 59 → 60 posts: the front's newest bucket is full, so [55–51] becomes page 11.
    const before = siteOf(many(59))
    const next = post(60, { publishedAt: '2026-03-01T00:00:00.000Z', categories: [], tags: [] })
    const after = siteOf([...before.posts, next])
    const plan = planChange(after, { type: 'post', before: null, after: next }, SAMPLE_OPTIONS)
    const old = renderSite(before, SAMPLE_OPTIONS).files
    const now = renderSite(after, SAMPLE_OPTIONS).files
    const blogPages = (files: RenderedSite) =>
      bucketPages(files).filter((path) => path.startsWith('blog/page/'))
    expect(blogPages(now)).toEqual([...blogPages(old), 'blog/page/11/index.html'].sort())
    expect(plan.write.filter((path) => path.includes('/page/'))).toEqual([
      'blog/page/10/index.html',
      'blog/page/11/index.html',
    ])
    const changed = changedFiles(old, now)
    expect(changed.filter((path) => path.includes('/page/'))).toEqual(
      plan.write.filter((path) => path.includes('/page/')),
    )
  })
})

describe('planChange on random sites and changes', () => {
  const CMS = 'https://cms.example.com'
  const options = { postsPerPage: 2, feedSize: 3, recentPosts: 2, cmsUrl: CMS }
  const slugs = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
  const templates = ['default', 'landing', 'full-width', 'sidebar', 'contact'] as const

  const bodyArb = fc
    .array(fc.constantFrom(...slugs, 'home', 'missing'), { maxLength: 2 })
    .map(
      (targets) =>
        `<p>Text${targets.map((slug) => ` <a href="${CMS}/${slug}">${slug}</a>`).join('')}</p>`,
    )

  const pageArb = (id: number) =>
    fc.record({
      id: fc.constant(id),
      title: fc.constantFrom('One', 'Two', 'Three'),
      slug: fc.constantFrom(...slugs, 'home'),
      parent: fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }),
      order: fc.constantFrom('a0', 'a1', 'a2', 'a3'),
      template: fc.constantFrom(...templates),
      html: bodyArb,
      meta: fc.constant(null),
      image: fc.option(fc.constant(image(id, `page-${id}`)), { nil: null }),
      updatedAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
    }) as fc.Arbitrary<SitePage>

  const postArb = (id: number) =>
    fc.record({
      id: fc.constant(id),
      title: fc.constantFrom('Alpha', 'Beta', 'Gamma'),
      slug: fc.constantFrom(...slugs.map((slug) => `p-${slug}`), 'f', 'page'),
      html: bodyArb,
      excerpt: fc.option(fc.constantFrom('Short', 'Long'), { nil: null }),
      publishedAt: fc.constantFrom(
        '2026-01-01T00:00:00.000Z',
        '2026-01-02T00:00:00.000Z',
        '2026-01-03T00:00:00.000Z',
      ),
      updatedAt: fc.constantFrom('2026-01-05T00:00:00.000Z', '2026-01-06T00:00:00.000Z'),
      categories: fc.subarray([
        { slug: 'x', name: 'X' },
        { slug: 'y', name: 'Y' },
      ]),
      tags: fc.subarray([{ slug: 't', name: 'T' }]),
      image: fc.option(fc.constant(image(id, `post-${id}`)), { nil: null }),
      meta: fc.constant(null),
    }) as fc.Arbitrary<SitePost>

  const siteArb = fc
    .tuple(
      fc
        .integer({ min: 0, max: 6 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => pageArb(i + 1)))),
      fc
        .integer({ min: 0, max: 7 })
        .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => postArb(100 + i)))),
    )
    .map(([pages, posts]): SiteInput => ({
      settings: { name: 'Random', domain: 'random.test' },
      pages,
      posts,
    }))

  /** A change to a random document of the site (or a new one), and the site after it. */
  const changeArb = (site: SiteInput): fc.Arbitrary<{ site: SiteInput; change: SiteChange }> => {
    const postEdits = site.posts.map((old) =>
      fc.option(postArb(old.id as number), { nil: null, freq: 4 }).map((next) => ({
        site: withPost(site, old.id as number, next),
        change: { type: 'post', before: old, after: next } as SiteChange,
      })),
    )
    const pageEdits = site.pages.map((old) =>
      fc.option(pageArb(old.id as number), { nil: null, freq: 4 }).map((next) => ({
        site: withPage(site, old.id as number, next),
        change: { type: 'page', before: old, after: next } as SiteChange,
      })),
    )
    const newPost = postArb(999).map((next) => ({
      site: withPost(site, 999, next),
      change: { type: 'post', before: null, after: next } as SiteChange,
    }))
    const newPage = pageArb(7).map((next) => ({
      site: withPage(site, 7, next),
      change: { type: 'page', before: null, after: next } as SiteChange,
    }))
    return fc.oneof(newPost, newPage, ...postEdits, ...pageEdits)
  }

  it('every file whose bytes change is rewritten, and exactly the files that go are removed', () => {
    fc.assert(
      fc.property(
        siteArb.chain((site) => changeArb(site).map((changed) => ({ before: site, ...changed }))),
        ({ before, site, change }) => {
          const plan = planChange(site, change, options)
          const old = renderSite(before, options).files
          const now = renderSite(site, options).files
          expect(changedFiles(old, now).filter((path) => !plan.write.includes(path))).toEqual([])
          expect(plan.remove).toEqual([...old.keys()].filter((path) => !now.has(path)).sort())
          expect(plan.write.filter((path) => !now.has(path))).toEqual([])
        },
      ),
      { numRuns: 60, seed: 13 },
    )
  })
})
