/**
 * The site's layout: every file the site consists of, what it shows, and what it depends on.
 *
 * This one function decides the set of output paths, so that the renderer (which renders what the
 * layout lists) and the dependency graph (`graph.ts`, which compares two layouts) cannot disagree.
 *
 * Dependencies are strings. `doc:<id>` (everything about one document), `card:<id>` (what a
 * listing, the home page or the feed shows of a post), `link:<id>` (a post's title and slug, for
 * "newer/older" and "recent posts"), `slug:<slug>` (a body links to this slug), `*` (any document:
 * the sitemap). Structure is written into the dependency list too (`list:` the posts a listing
 * shows, `term:` an archive's name, `next`), so two layouts whose lists differ differ in structure.
 * The page tree (titles, slugs, parents, order) and the settings are in every HTML file (the
 * navigation, the header): a change to either rewrites the whole site; `tree` is their signature.
 */
import type {
  DocumentId,
  ImageFile,
  RenderOptions,
  ResolvedOptions,
  SiteImage,
  SiteInput,
  SitePage,
  SitePost,
  SiteTerm,
} from './types'

import {
  archiveUrl,
  blogUrl,
  FAVICON_PATH,
  fileOf,
  isValidFilename,
  isValidSlug,
  mediaUrl,
  postUrl,
  RESERVED_POST_SLUGS,
  RESERVED_ROOT_SLUGS,
} from './urls'

export type NavNode = { page: SitePage; url: string; children: NavNode[] }

export type Output =
  | {
      kind: 'home'
      page: SitePage | null
      latest: SitePost[]
      /** Without a home page the home is the blog's front: the URL of its "Older posts". */
      older: string | null
    }
  | { kind: 'page'; page: SitePage; url: string }
  | { kind: 'post'; post: SitePost; newer: SitePost | null; older: SitePost | null }
  | { kind: 'blog'; posts: SitePost[]; pageNo: number; newer: string | null; older: string | null }
  | {
      kind: 'archive'
      taxonomy: 'category' | 'tag'
      term: SiteTerm
      posts: SitePost[]
      pageNo: number
      newer: string | null
      older: string | null
    }
  | { kind: 'sitemap' }
  | { kind: 'feed'; posts: SitePost[] }
  | { kind: 'robots' }
  | { kind: 'notFound' }
  | { kind: 'css' }
  | { kind: 'favicon' }
  | { kind: 'media'; file: ImageFile }

export type Planned = { output: Output; deps: string[] }

export type Layout = {
  site: SiteInput
  options: ResolvedOptions
  /** Output path → what it is and what it depends on, in a stable order. */
  files: Map<string, Planned>
  /** The page tree, roots in order. */
  nav: NavNode[]
  /** Page id (as a string) → its URL. The home page's is ``. */
  pageUrls: Map<string, string>
  /** Published posts, newest first, without the ones left out. */
  posts: SitePost[]
  /** Post id → index in `posts`. */
  postIndex: Map<string, number>
  /** Body link targets: slug → URL (pages first, then posts). */
  slugUrls: Map<string, string>
  /** Body image URL → the site's copy. */
  mediaByUrl: Map<string, ImageFile>
  /** The path of the stylesheet, named by its hash. */
  cssPath: string
  /** Signature of everything every HTML file shows: settings and page tree. */
  tree: string
  /** Documents left out, and why (a reserved or invalid slug, a duplicate path). */
  warnings: string[]
}

export const resolveOptions = (site: SiteInput, options: RenderOptions = {}): ResolvedOptions => {
  const domain = site.settings.domain?.trim()
  const baseUrl = options.baseUrl ?? (domain ? `https://${domain}/` : null)
  if (!baseUrl)
    throw new Error('renderSite: the site has no domain; pass options.baseUrl (an absolute URL).')
  if (!/^https?:\/\/[^/]+\/(.*\/)?$/.test(baseUrl)) {
    throw new Error(
      `renderSite: baseUrl must be an absolute http(s) URL ending in "/" (got ${JSON.stringify(baseUrl)}).`,
    )
  }
  const positive = (value: number | undefined, fallback: number, name: string): number => {
    if (value === undefined) return fallback
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`renderSite: ${name} must be a positive integer.`)
    return value
  }
  return {
    baseUrl,
    postsPerPage: positive(options.postsPerPage, 10, 'postsPerPage'),
    feedSize: positive(options.feedSize, 20, 'feedSize'),
    recentPosts: positive(options.recentPosts, 5, 'recentPosts'),
    cmsUrl: options.cmsUrl ? options.cmsUrl.replace(/\/+$/, '') : null,
  }
}

const key = (id: DocumentId): string => String(id)

/** Fractional order keys compare by code unit (not by locale); numbers numerically. */
const compareOrder = (a: SitePage, b: SitePage): number => {
  const x = a.order ?? ''
  const y = b.order ?? ''
  if (typeof x === 'number' && typeof y === 'number') return x - y
  const sx = String(x)
  const sy = String(y)
  if (sx !== sy) return sx < sy ? -1 : 1
  return compareIds(a.id, b.id)
}

/** Ids in creation order: numerically when both are numbers. */
const compareIds = (a: DocumentId, b: DocumentId): number => {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0
}

/**
 * Newest first; the slug, then the id (the newer first) break ties, so the order never depends on
 * the input's, and of two posts with one slug and date the older one keeps the URL.
 */
export const sortPosts = (posts: SitePost[]): SitePost[] => {
  const time = (post: SitePost): number => {
    const value = Date.parse(post.publishedAt)
    return Number.isNaN(value) ? 0 : value
  }
  return posts
    .map((post) => ({ post, at: time(post) }))
    .sort(
      (a, b) =>
        b.at - a.at ||
        (a.post.slug < b.post.slug ? -1 : a.post.slug > b.post.slug ? 1 : 0) ||
        compareIds(b.post.id, a.post.id),
    )
    .map(({ post }) => post)
}

const imageFiles = (image: SiteImage | null | undefined): ImageFile[] =>
  image ? [image.original, ...(image.sizes ?? [])] : []

const imageSignature = (image: SiteImage | null | undefined): string =>
  image
    ? `${image.alt}|${imageFiles(image)
        .map((f) => `${f.filename}:${f.width}x${f.height}`)
        .join(',')}`
    : ''

/** What a listing, the home page's "latest" and the feed show of a post. */
export const cardSignature = (post: SitePost): string =>
  JSON.stringify([
    post.title,
    post.slug,
    post.excerpt ?? '',
    post.publishedAt,
    imageSignature(post.image),
  ])

export const linkSignature = (post: SitePost): string => JSON.stringify([post.title, post.slug])

/** Slugs a body links to through `<cmsUrl>/<slug>` (see `RenderOptions.cmsUrl`). */
export const linkedSlugs = (html: string, cmsUrl: string | null): string[] => {
  if (!cmsUrl || !html.includes(cmsUrl)) return []
  const slugs = new Set<string>()
  const prefix = `href="${cmsUrl}/`
  let at = html.indexOf(prefix)
  while (at !== -1) {
    const start = at + prefix.length
    const end = html.indexOf('"', start)
    if (end === -1) break
    const raw = html.slice(start, end)
    if (/^[^/?#]+$/.test(raw)) {
      try {
        slugs.add(decodeURIComponent(raw))
      } catch {
        // not a slug we made
      }
    }
    at = html.indexOf(prefix, end)
  }
  return [...slugs].sort()
}

/**
 * Works out the site's layout. Pure: the same site and options give the same layout, whatever
 * the order of the input's arrays.
 */
export function layoutSite(site: SiteInput, resolved: ResolvedOptions, cssPath: string): Layout {
  const warnings: string[] = []
  const files = new Map<string, Planned>()

  // ---- the page tree
  const pages = [...site.pages].sort(compareOrder)
  const byId = new Map(pages.map((page) => [key(page.id), page]))
  const childrenOf = new Map<string, SitePage[]>()
  const roots: SitePage[] = []
  /** A page whose parent is not published (or that sits in a cycle) is shown as a root page. */
  const parentOf = (page: SitePage): SitePage | null => {
    if (page.parent === null || page.parent === undefined) return null
    const parent = byId.get(key(page.parent))
    if (!parent) return null
    const seen = new Set([key(page.id)])
    for (
      let at: SitePage | undefined = parent;
      at;
      at = at.parent == null ? undefined : byId.get(key(at.parent))
    ) {
      if (seen.has(key(at.id))) return null
      seen.add(key(at.id))
    }
    return parent
  }
  for (const page of pages) {
    const parent = parentOf(page)
    if (parent) {
      const siblings = childrenOf.get(key(parent.id)) ?? []
      siblings.push(page)
      childrenOf.set(key(parent.id), siblings)
    } else roots.push(page)
  }
  const home = pages.find((page) => page.slug === 'home' && !parentOf(page)) ?? roots[0] ?? null

  const pageUrls = new Map<string, string>()
  const taken = new Set<string>()
  const build = (page: SitePage, prefix: string): NavNode | null => {
    if (!isValidSlug(page.slug)) {
      warnings.push(
        `page ${key(page.id)}: slug ${JSON.stringify(page.slug)} cannot be a URL segment; left out`,
      )
      return null
    }
    if (prefix === '' && RESERVED_ROOT_SLUGS.has(page.slug) && page !== home) {
      warnings.push(`page ${key(page.id)}: /${page.slug}/ is the site's own; left out`)
      return null
    }
    const own = `${prefix}${page.slug}/`
    const url = page === home ? '' : own
    if (taken.has(url)) {
      warnings.push(`page ${key(page.id)}: ${url} is another page's; left out`)
      return null
    }
    pageUrls.set(key(page.id), url)
    taken.add(url)
    const children = (childrenOf.get(key(page.id)) ?? [])
      .map((child) => build(child, own))
      .filter((n): n is NavNode => n !== null)
    return { page, url, children }
  }
  const nav = roots.map((page) => build(page, '')).filter((n): n is NavNode => n !== null)

  // ---- posts, newest first
  // Oldest first, so that a post keeps its URL when a newer one comes with the same slug.
  const posts: SitePost[] = []
  const postSlugs = new Set<string>()
  for (const post of sortPosts(site.posts).reverse()) {
    if (!isValidSlug(post.slug) || RESERVED_POST_SLUGS.has(post.slug)) {
      warnings.push(
        `post ${key(post.id)}: slug ${JSON.stringify(post.slug)} cannot be a post's URL; left out`,
      )
      continue
    }
    if (postSlugs.has(post.slug)) {
      warnings.push(`post ${key(post.id)}: blog/${post.slug}/ is another post's; left out`)
      continue
    }
    postSlugs.add(post.slug)
    posts.push(post)
  }
  posts.reverse()
  const postIndex = new Map(posts.map((post, index) => [key(post.id), index]))

  const slugUrls = new Map<string, string>()
  for (const node of flatten(nav))
    if (!slugUrls.has(node.page.slug)) slugUrls.set(node.page.slug, node.url)
  for (const post of posts)
    if (!slugUrls.has(post.slug)) slugUrls.set(post.slug, postUrl(post.slug))

  // The tree's signature: everything that is on every HTML page (settings, navigation, whether
  // there is a blog to link to).
  const tree = JSON.stringify([
    site.settings,
    flatten(nav).map((node) => [key(node.page.id), node.url, node.page.title]),
    posts.length > 0,
    resolved,
  ])

  const bodyDeps = (html: string): string[] =>
    linkedSlugs(html, resolved.cmsUrl).map((slug) => `slug:${slug}`)

  // ---- pages
  const homePage = home && pageUrls.has(key(home.id)) ? home : null
  const latest = posts.slice(0, 3)
  const recent = posts.slice(0, resolved.recentPosts)
  const recentDeps = [
    `recent:${recent.map((p) => key(p.id)).join(',')}`,
    ...recent.map((p) => `link:${key(p.id)}`),
  ]
  const blogPages = stablePages(posts, resolved.postsPerPage, blogUrl)
  const front = blogPages[0]!
  files.set('index.html', {
    output: homePage
      ? { kind: 'home', page: homePage, latest, older: null }
      : { kind: 'home', page: null, latest: front.posts, older: front.older },
    deps: homePage
      ? [
          `doc:${key(homePage.id)}`,
          ...bodyDeps(homePage.html),
          ...(homePage.template === 'sidebar' ? recentDeps : []),
          ...listDeps(latest, null, null),
        ]
      : listDeps(front.posts, null, front.older),
  })
  for (const node of flatten(nav)) {
    if (node.url === '') continue
    const page = node.page
    const template = page.template ?? 'default'
    files.set(fileOf(node.url), {
      output: { kind: 'page', page, url: node.url },
      deps: [
        `doc:${key(page.id)}`,
        ...bodyDeps(page.html),
        ...(template === 'sidebar' ? recentDeps : []),
      ],
    })
  }

  // ---- the blog
  if (posts.length > 0) {
    for (const { pageNo, posts: slice, newer, older } of blogPages) {
      files.set(fileOf(blogUrl(pageNo)), {
        output: { kind: 'blog', posts: slice, pageNo, newer, older },
        deps: listDeps(slice, newer, older),
      })
    }
  }
  posts.forEach((post, index) => {
    const newer = posts[index - 1] ?? null
    const older = posts[index + 1] ?? null
    files.set(fileOf(postUrl(post.slug)), {
      output: { kind: 'post', post, newer, older },
      deps: [
        `doc:${key(post.id)}`,
        ...bodyDeps(post.html),
        `newer:${newer ? key(newer.id) : ''}`,
        `older:${older ? key(older.id) : ''}`,
        ...(newer ? [`link:${key(newer.id)}`] : []),
        ...(older ? [`link:${key(older.id)}`] : []),
      ],
    })
  })
  for (const taxonomy of ['category', 'tag'] as const) {
    const terms = new Map<string, { term: SiteTerm; posts: SitePost[] }>()
    for (const post of posts) {
      for (const term of (taxonomy === 'category' ? post.categories : post.tags) ?? []) {
        if (!isValidSlug(term.slug)) continue
        const entry = terms.get(term.slug) ?? { term, posts: [] }
        // (posts come in order, so a term listed twice on one post is the last one added)
        if (entry.posts[entry.posts.length - 1] !== post) entry.posts.push(post)
        terms.set(term.slug, entry)
      }
    }
    for (const slug of [...terms.keys()].sort()) {
      const { term, posts: termPosts } = terms.get(slug)!
      const pageUrl = (pageNo: number) => archiveUrl(taxonomy, slug, pageNo)
      for (const { pageNo, posts: slice, newer, older } of stablePages(
        termPosts,
        resolved.postsPerPage,
        pageUrl,
      )) {
        files.set(fileOf(pageUrl(pageNo)), {
          output: { kind: 'archive', taxonomy, term, posts: slice, pageNo, newer, older },
          deps: [`term:${term.name}`, ...listDeps(slice, newer, older)],
        })
      }
    }
  }

  // ---- site files
  const feedPosts = posts.slice(0, resolved.feedSize)
  files.set('feed.xml', {
    output: { kind: 'feed', posts: feedPosts },
    deps: [
      `list:${feedPosts.map((p) => key(p.id)).join(',')}`,
      ...feedPosts.map((p) => `doc:${key(p.id)}`),
    ],
  })
  files.set('sitemap.xml', { output: { kind: 'sitemap' }, deps: ['*'] })
  files.set('robots.txt', { output: { kind: 'robots' }, deps: [] })
  files.set('404.html', { output: { kind: 'notFound' }, deps: [] })
  files.set(cssPath, { output: { kind: 'css' }, deps: [] })
  // The site's name in an icon, so browsers find one (pages link the logo instead when there is one).
  files.set(FAVICON_PATH, { output: { kind: 'favicon' }, deps: [] })

  // ---- media: every image a document or the settings show, and the body images
  const mediaByUrl = new Map<string, ImageFile>()
  const images: SiteImage[] = [
    ...(site.settings.logo ? [site.settings.logo] : []),
    ...flatten(nav).flatMap((node) => [node.page.image, node.page.meta?.image]),
    ...posts.flatMap((post) => [post.image, post.meta?.image]),
    ...(site.media ?? []),
  ].filter((image): image is SiteImage => !!image)
  for (const image of images) {
    for (const file of imageFiles(image)) {
      if (!isValidFilename(file.filename)) {
        warnings.push(`image ${key(image.id)}: file name ${JSON.stringify(file.filename)} left out`)
        continue
      }
      if (file.url) mediaByUrl.set(file.url, file)
      const path = mediaUrl(file.filename)
      if (!files.has(path))
        files.set(path, {
          output: { kind: 'media', file },
          deps: [`file:${file.filename}:${file.width}x${file.height}`],
        })
    }
  }

  return {
    site,
    options: resolved,
    files,
    nav,
    pageUrls,
    posts,
    postIndex,
    slugUrls,
    mediaByUrl,
    cssPath,
    tree,
    warnings,
  }
}

export function flatten(nodes: NavNode[]): NavNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)])
}

export type ListingPage<T> = {
  /** 0 for the front (`blog/`), else the bucket's number counted from the oldest. */
  pageNo: number
  /** Newest first. */
  posts: T[]
  /** URLs of the neighbouring listing pages ("Newer posts", "Older posts"). */
  newer: string | null
  older: string | null
}

/**
 * Stable pagination. `items` come newest first. Counted from the oldest, they fall into fixed
 * buckets of `size`: bucket N holds the items at positions (N - 1) * size … N * size - 1 from the
 * oldest, so its content depends only on those items and a new newest item changes no bucket.
 * The front page shows the newest bucket, and with it the next one when the newest is not full
 * (so `size` to `2 * size - 1` items, each item on exactly one page); the full buckets below it
 * are the pages `1` (the oldest) … `K`, K = max(0, ⌊n / size⌋ - 1). Returned front first, then
 * K down to 1 (as a reader goes through them: "Older posts"). With no items, the front alone.
 */
export function stablePages<T>(
  items: T[],
  size: number,
  urlOf: (pageNo: number) => string,
): ListingPage<T>[] {
  const n = items.length
  const count = Math.max(0, Math.floor(n / size) - 1)
  const pages: ListingPage<T>[] = [
    {
      pageNo: 0,
      posts: items.slice(0, n - count * size),
      newer: null,
      older: count > 0 ? urlOf(count) : null,
    },
  ]
  for (let pageNo = count; pageNo >= 1; pageNo--) {
    pages.push({
      pageNo,
      posts: items.slice(n - pageNo * size, n - (pageNo - 1) * size),
      newer: urlOf(pageNo < count ? pageNo + 1 : 0),
      older: pageNo > 1 ? urlOf(pageNo - 1) : null,
    })
  }
  return pages
}

/** A listing's dependencies: the posts it shows (`list:`), their cards, and where it links. */
const listDeps = (slice: SitePost[], newer: string | null, older: string | null): string[] => [
  `list:${slice.map((p) => key(p.id)).join(',')}`,
  ...slice.map((p) => `card:${key(p.id)}`),
  `pages:${newer ?? ''}|${older ?? ''}`,
]
