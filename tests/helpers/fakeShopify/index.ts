import type { GraphQLSchema } from 'graphql'
/**
 * A stand-in for Shopify's Admin GraphQL API, for tests: one shop kept in memory (its blogs,
 * articles and pages), at `POST /admin/api/<version>/graphql.json` on loopback.
 *
 * Faithful where the adapter depends on it:
 * - every document is validated against Shopify's own schema (schema.ts); an invalid one gets
 *   Shopify's 200 with `errors` and is counted in `rejectedDocuments`;
 * - `X-Shopify-Access-Token`: an unknown token answers HTTP 401, a request for another host 404;
 *   a token without the scope a root field needs gets `ACCESS_DENIED` on that field;
 * - cost-based throttling with a leaky bucket per shop (`maximumAvailable`, `restoreRate` points per
 *   second): a query whose requested cost exceeds what is available answers HTTP 200 with
 *   `errors[].extensions.code = "THROTTLED"` and nothing executed; every answer carries
 *   `extensions.cost` with the `throttleStatus`; unused connection items are refunded;
 * - mutations answer `userErrors` (`{ code, field, message }`) for blank titles, taken handles,
 *   missing authors or blogs and unknown ids; times have Shopify's one-second resolution.
 */
import type { AddressInfo } from 'net'

import {
  execute,
  GraphQLError,
  parse,
  validate,
  type DocumentNode,
  type GraphQLResolveInfo,
} from 'graphql'
import http from 'http'

import { planCost } from './cost'
import { loadShopifySchema } from './schema'

export { describeWithShopifySchema, loadShopifySchema, SHOPIFY_SCHEMA_PATH } from './schema'

export const ALL_SCOPES = [
  'read_content',
  'write_content',
  'read_online_store_pages',
  'write_online_store_pages',
]

type Image = {
  id: string
  altText: string | null
  src: string
  originalSrc: string
  width: number | null
  height: number | null
  thumbhash: string | null
}

export type FakeBlog = {
  id: string
  handle: string
  title: string
  commentPolicy: string
  createdAt: string
  updatedAt: string
}
export type FakeArticle = {
  id: string
  blogId: string
  title: string
  handle: string
  body: string
  summary: string | null
  tags: string[]
  author: { name: string } | null
  image: Image | null
  isPublished: boolean
  publishedAt: string | null
  createdAt: string
  updatedAt: string
  templateSuffix: string | null
}
export type FakePage = Omit<FakeArticle, 'blogId' | 'summary' | 'tags' | 'author' | 'image'>

/** How the next request is answered, when a test scripts it. */
export type FakeBehaviour =
  /**
   * Executes the next mutation (with `field` among its root fields, when given), then drops the
   * connection without answering (the answer is lost). Queries before it are answered.
   */
  | { kind: 'commit-then-drop'; field?: string; before?: () => void }
  | { kind: 'status'; status: number; body?: string }

export type FakeShopifyOptions = {
  /** Access tokens and their scopes. @default { 'shpat_test': ALL_SCOPES } */
  tokens?: Record<string, string[]>
  /** The bucket: Shopify's standard plan is 2000 points, restoring 100 per second. */
  bucket?: { maximumAvailable: number; restoreRate: number }
  shopName?: string
  /**
   * How long a write takes to show in `query:` searches (Shopify filters through a search index
   * that lags behind writes). Reads by id and unfiltered listings see it at once. @default 0
   */
  searchLagMs?: number
}

export type FakeShopify = {
  /** Use as the integration's `shopDomain`. */
  origin: string
  schema: GraphQLSchema
  shop: { name: string; myshopifyDomain: string; primaryUrl: string }
  blogs: Map<string, FakeBlog>
  articles: Map<string, FakeArticle>
  pages: Map<string, FakePage>
  /** Requests answered, throttled ones included; THROTTLED answers; documents the schema refused. */
  stats: {
    requests: number
    throttled: number
    /** When each THROTTLED answer was given (ms since the first request), what it asked for and what the bucket held. */
    throttleLog: { at: number; requested: number; available: number }[]
    executed: number
    costCharged: number
    rejectedDocuments: string[]
    firstAt: number | null
    lastAt: number | null
  }
  script: FakeBehaviour[]
  /** Moves the fake's clock (updatedAt values) forward. */
  advance(ms: number): void
  /** A merchant's edit in the Shopify admin: changes the fields and `updatedAt`. */
  editArticle(id: string, patch: Partial<FakeArticle>): FakeArticle
  editPage(id: string, patch: Partial<FakePage>): FakePage
  close(): Promise<void>
}

const DOCS = 'https://shopify.dev/api/usage/rate-limits'

/** What each root field needs, as Shopify's access scopes. */
const SCOPE: Record<string, string> = {
  article: 'read_content',
  articles: 'read_content',
  blog: 'read_content',
  blogs: 'read_content',
  node: 'read_content',
  articleCreate: 'write_content',
  articleUpdate: 'write_content',
  articleDelete: 'write_content',
  blogCreate: 'write_content',
  page: 'read_online_store_pages',
  pages: 'read_online_store_pages',
  pageCreate: 'write_online_store_pages',
  pageUpdate: 'write_online_store_pages',
  pageDelete: 'write_online_store_pages',
}

const slugify = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '') || 'untitled'

const seconds = (ms: number): string =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')

type Filter = (item: Record<string, unknown>) => boolean

/** The part of Shopify's search syntax the adapter uses: `field:value`, `field:>value`, `field:>=value`, joined by AND or spaces. */
const parseQuery = (query: string | null | undefined): Filter => {
  if (!query?.trim()) return () => true
  const terms = query.match(/(\w+):(>=|<=|>|<)?('[^']*'|"[^"]*"|\S+)/g) ?? []
  const tests: Filter[] = terms.map((term) => {
    const [, field, op, raw] = /^(\w+):(>=|<=|>|<)?(.*)$/.exec(term)!
    const value = raw!.replace(/^['"]|['"]$/g, '')
    if (field === 'handle') return (item) => item.handle === value
    if (field === 'blog_id')
      return (item) => String(item.blogId).split('/').pop() === value.split('/').pop()
    if (field === 'updated_at' || field === 'created_at') {
      const key = field === 'updated_at' ? 'updatedAt' : 'createdAt'
      const at = Date.parse(value)
      return (item) => {
        const t = Date.parse(String(item[key]))
        if (op === '>') return t > at
        if (op === '>=') return t >= at
        if (op === '<') return t < at
        if (op === '<=') return t <= at
        return t === at
      }
    }
    if (field === 'title')
      return (item) => String(item.title).toLowerCase().includes(value.toLowerCase())
    throw new GraphQLError(`Unsupported search field in the fake: ${field}`)
  })
  return (item) => tests.every((test) => test(item))
}

const numericId = (gid: string): number => Number(gid.split('/').pop())

const SORT: Record<string, (item: Record<string, unknown>) => number | string> = {
  ID: (item) => numericId(String(item.id)),
  UPDATED_AT: (item) => Date.parse(String(item.updatedAt)),
  PUBLISHED_AT: (item) => (item.publishedAt ? Date.parse(String(item.publishedAt)) : 0),
  TITLE: (item) => String(item.title),
  HANDLE: (item) => String(item.handle),
}

type ConnectionArgs = {
  first?: number | null
  last?: number | null
  after?: string | null
  before?: string | null
  query?: string | null
  reverse?: boolean
  sortKey?: string
}

type Used = Map<string, number>

/** A connection over `items`, paged as Shopify pages (opaque cursors, first/after, last/before). */
const connection = <T extends Record<string, unknown>>(
  all: T[],
  args: ConnectionArgs,
  info: GraphQLResolveInfo,
  used: Used,
  wrap: (item: T) => unknown,
  indexed: (item: T) => boolean = () => true,
) => {
  if (args.first == null && args.last == null)
    throw new GraphQLError('you must provide one of first or last', {
      extensions: { code: 'BAD_REQUEST' },
    })
  if ((args.first ?? 0) > 250 || (args.last ?? 0) > 250)
    throw new GraphQLError('The maximum page size is 250', { extensions: { code: 'BAD_REQUEST' } })
  const key = SORT[args.sortKey ?? 'ID'] ?? SORT.ID!
  const matches = parseQuery(args.query)
  const filtered = all.filter((item) => matches(item) && (!args.query?.trim() || indexed(item)))
  filtered.sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    const order = ka < kb ? -1 : ka > kb ? 1 : 0
    return order || numericId(String(a.id)) - numericId(String(b.id))
  })
  if (args.reverse) filtered.reverse()
  const cursorOf = (item: T) => Buffer.from(JSON.stringify({ id: item.id })).toString('base64')
  const indexOf = (cursor: string) => filtered.findIndex((item) => cursorOf(item) === cursor)
  let start = 0
  let end = filtered.length
  if (args.after) start = indexOf(args.after) + 1
  if (args.before) end = Math.max(0, indexOf(args.before))
  let window = filtered.slice(start, end)
  if (args.first != null) window = window.slice(0, args.first)
  else if (args.last != null) window = window.slice(-args.last)
  used.set(info.path.key as string, window.length)
  const first = window[0]
  const last = window[window.length - 1]
  return {
    nodes: window.map(wrap),
    edges: window.map((item) => ({ cursor: cursorOf(item), node: wrap(item) })),
    pageInfo: {
      hasNextPage: last ? filtered.indexOf(last) < filtered.length - 1 : false,
      hasPreviousPage: first ? filtered.indexOf(first) > 0 : false,
      startCursor: first ? cursorOf(first) : null,
      endCursor: last ? cursorOf(last) : null,
    },
  }
}

const userError = (field: string[] | null, message: string, code: string) => ({
  field,
  message,
  code,
})

export const startFakeShopify = async (options: FakeShopifyOptions = {}): Promise<FakeShopify> => {
  const { schema, reason } = loadShopifySchema()
  if (!schema) throw new Error(reason)
  const tokens = options.tokens ?? { shpat_test: ALL_SCOPES }
  const bucketSize = options.bucket ?? { maximumAvailable: 2000, restoreRate: 100 }
  const shopName = options.shopName ?? 'Fake Shop'
  const handle = slugify(shopName)
  const shop = {
    name: shopName,
    myshopifyDomain: `${handle}.myshopify.com`,
    primaryUrl: `https://${handle}.example`,
  }

  const searchLagMs = options.searchLagMs ?? 0
  /** When each article or page was last written (wall clock), for the search index's lag. */
  const writtenAt = new Map<string, number>()
  const indexed = (item: { id?: unknown }) =>
    Date.now() - (writtenAt.get(String(item.id)) ?? 0) >= searchLagMs
  let offset = 0
  const nowMs = () => Date.now() + offset
  const now = () => seconds(nowMs())
  let sequence = 1000
  const gid = (type: string) => `gid://shopify/${type}/${++sequence}`

  const blogs = new Map<string, FakeBlog>()
  const articles = new Map<string, FakeArticle>()
  const pages = new Map<string, FakePage>()
  const stats: FakeShopify['stats'] = {
    requests: 0,
    throttled: 0,
    throttleLog: [],
    executed: 0,
    costCharged: 0,
    rejectedDocuments: [],
    firstAt: null,
    lastAt: null,
  }
  const script: FakeBehaviour[] = []

  // The leaky bucket, restored continuously.
  const bucket = { available: bucketSize.maximumAvailable, at: Date.now() }
  const refill = () => {
    const t = Date.now()
    bucket.available = Math.min(
      bucketSize.maximumAvailable,
      bucket.available + ((t - bucket.at) / 1000) * bucketSize.restoreRate,
    )
    bucket.at = t
  }
  const throttleStatus = () => ({
    maximumAvailable: bucketSize.maximumAvailable,
    currentlyAvailable: Math.floor(bucket.available),
    restoreRate: bucketSize.restoreRate,
  })

  const imageFrom = (
    input: { url?: string | null; altText?: string | null } | null | undefined,
    current: Image | null,
  ): Image | null | 'invalid' => {
    if (input === undefined) return current
    if (input === null) return null
    if (!input.url)
      return current ? { ...current, altText: input.altText ?? current.altText } : null
    let url: URL
    try {
      url = new URL(input.url)
    } catch {
      return 'invalid'
    }
    if (!/^https?:$/.test(url.protocol)) return 'invalid'
    // Shopify downloads the image and serves its own copy from its CDN.
    const filename = url.pathname.split('/').pop() || 'image'
    const src = `https://cdn.shopify.com/s/files/1/0000/0001/articles/${filename}?v=${Math.floor(nowMs() / 1000)}`
    return {
      id: gid('ArticleImage'),
      altText: input.altText ?? null,
      src,
      originalSrc: src,
      width: null,
      height: null,
      thumbhash: null,
    }
  }

  const blogView = (blog: FakeBlog) => ({
    __typename: 'Blog',
    ...blog,
    tags: [
      ...new Set([...articles.values()].filter((a) => a.blogId === blog.id).flatMap((a) => a.tags)),
    ],
    templateSuffix: null,
    articles: (args: ConnectionArgs, _ctx: unknown, info: GraphQLResolveInfo) =>
      connection(
        [...articles.values()].filter((a) => a.blogId === blog.id),
        args,
        info,
        new Map(),
        articleView,
      ),
  })
  const articleView = (article: FakeArticle): Record<string, unknown> => ({
    __typename: 'Article',
    ...article,
    defaultCursor: Buffer.from(JSON.stringify({ id: article.id })).toString('base64'),
    blog: () => blogView(blogs.get(article.blogId)!),
  })
  const pageView = (page: FakePage): Record<string, unknown> => ({
    __typename: 'Page',
    ...page,
    bodySummary: page.body.replace(/<[^>]*>/g, '').slice(0, 150),
    defaultCursor: Buffer.from(JSON.stringify({ id: page.id })).toString('base64'),
  })

  const handleFor = (
    wanted: string | null | undefined,
    title: string,
    taken: (h: string) => boolean,
  ): { handle: string } | { error: true } => {
    if (wanted) return taken(wanted) ? { error: true } : { handle: wanted }
    const base = slugify(title)
    let candidate = base
    for (let n = 1; taken(candidate); n++) candidate = `${base}-${n}`
    return { handle: candidate }
  }

  const publishedAtFor = (isPublished: boolean, current: string | null): string | null =>
    isPublished ? (current ?? now()) : null

  type ArticleInput = Partial<{
    title: string
    author: { name?: string | null; userId?: string | null }
    blogId: string
    body: string
    handle: string
    image: { url?: string | null; altText?: string | null } | null
    isPublished: boolean
    summary: string | null
    tags: string[] | null
    templateSuffix: string | null
  }>

  const rootValue = (used: Used) => ({
    shop: () => ({
      __typename: 'Shop',
      id: 'gid://shopify/Shop/1',
      name: shop.name,
      myshopifyDomain: shop.myshopifyDomain,
      primaryDomain: {
        __typename: 'Domain',
        id: 'gid://shopify/Domain/1',
        host: new URL(shop.primaryUrl).host,
        url: shop.primaryUrl,
        sslEnabled: true,
      },
    }),
    blogs: (args: ConnectionArgs, _ctx: unknown, info: GraphQLResolveInfo) =>
      connection([...blogs.values()], args, info, used, blogView),
    blog: ({ id }: { id: string }) => (blogs.has(id) ? blogView(blogs.get(id)!) : null),
    articles: (args: ConnectionArgs, _ctx: unknown, info: GraphQLResolveInfo) =>
      connection([...articles.values()], args, info, used, articleView, indexed),
    article: ({ id }: { id: string }) => (articles.has(id) ? articleView(articles.get(id)!) : null),
    pages: (args: ConnectionArgs, _ctx: unknown, info: GraphQLResolveInfo) =>
      connection([...pages.values()], args, info, used, pageView, indexed),
    page: ({ id }: { id: string }) => (pages.has(id) ? pageView(pages.get(id)!) : null),
    node: ({ id }: { id: string }) =>
      articles.has(id)
        ? articleView(articles.get(id)!)
        : pages.has(id)
          ? pageView(pages.get(id)!)
          : blogs.has(id)
            ? blogView(blogs.get(id)!)
            : null,

    blogCreate: ({
      blog,
    }: {
      blog: { title: string; handle?: string | null; commentPolicy?: string | null }
    }) => {
      if (!blog.title.trim())
        return {
          blog: null,
          userErrors: [userError(['blog', 'title'], "Title can't be blank", 'INVALID_VALUE')],
        }
      // A taken blog handle gets a suffix, as Shopify does.
      const wanted = handleFor(null, blog.handle || blog.title, (x) =>
        [...blogs.values()].some((b) => b.handle === x),
      ) as { handle: string }
      const record: FakeBlog = {
        id: gid('Blog'),
        handle: wanted.handle,
        title: blog.title,
        commentPolicy: blog.commentPolicy ?? 'MODERATED',
        createdAt: now(),
        updatedAt: now(),
      }
      blogs.set(record.id, record)
      return { blog: blogView(record), userErrors: [] }
    },

    articleCreate: ({
      article,
      blog,
    }: {
      article: ArticleInput & { title: string }
      blog?: { title: string } | null
    }) => {
      const errors = []
      if (!article.title.trim())
        errors.push(userError(['article', 'title'], "Title can't be blank", 'BLANK'))
      if (article.title.length > 255)
        errors.push(
          userError(
            ['article', 'title'],
            'Title is too long (maximum is 255 characters)',
            'TOO_LONG',
          ),
        )
      if (!article.author?.name && !article.author?.userId)
        errors.push(userError(['article', 'author'], 'Author is required', 'AUTHOR_FIELD_REQUIRED'))
      if (article.blogId && blog)
        errors.push(
          userError(
            ['article'],
            'Provide either a blog ID or a new blog, not both',
            'AMBIGUOUS_BLOG',
          ),
        )
      if (!article.blogId && !blog)
        errors.push(
          userError(['article'], 'A blog reference is required', 'BLOG_REFERENCE_REQUIRED'),
        )
      if (article.blogId && !blogs.has(article.blogId))
        errors.push(userError(['article', 'blogId'], 'Blog does not exist', 'NOT_FOUND'))
      const image = imageFrom(article.image, null)
      if (image === 'invalid')
        errors.push(userError(['article', 'image'], 'Image URL is invalid', 'INVALID'))
      const blogId = article.blogId ?? null
      const h = handleFor(article.handle, article.title, (x) =>
        [...articles.values()].some((a) => a.blogId === blogId && a.handle === x),
      )
      if ('error' in h)
        errors.push(userError(['article', 'handle'], 'Handle has already been taken', 'TAKEN'))
      if (errors.length) return { article: null, userErrors: errors }
      let target = blogId
      if (!target) {
        const created: FakeBlog = {
          id: gid('Blog'),
          handle: slugify(blog!.title),
          title: blog!.title,
          commentPolicy: 'MODERATED',
          createdAt: now(),
          updatedAt: now(),
        }
        blogs.set(created.id, created)
        target = created.id
      }
      const isPublished = article.isPublished ?? true
      const record: FakeArticle = {
        id: gid('Article'),
        blogId: target,
        title: article.title,
        handle: (h as { handle: string }).handle,
        body: article.body ?? '',
        summary: article.summary ?? null,
        tags: [...new Set((article.tags ?? []).map((t) => t.trim()).filter(Boolean))],
        author: { name: article.author!.name ?? 'Staff' },
        image: image as Image | null,
        isPublished,
        publishedAt: publishedAtFor(isPublished, null),
        createdAt: now(),
        updatedAt: now(),
        templateSuffix: article.templateSuffix ?? null,
      }
      articles.set(record.id, record)
      writtenAt.set(record.id, Date.now())
      return { article: articleView(record), userErrors: [] }
    },

    articleUpdate: ({ id, article }: { id: string; article: ArticleInput }) => {
      const current = articles.get(id)
      if (!current)
        return {
          article: null,
          userErrors: [userError(['id'], 'Article does not exist', 'NOT_FOUND')],
        }
      const errors = []
      if (article.title !== undefined && !article.title?.trim())
        errors.push(userError(['article', 'title'], "Title can't be blank", 'BLANK'))
      if (article.blogId && !blogs.has(article.blogId))
        errors.push(userError(['article', 'blogId'], 'Blog does not exist', 'NOT_FOUND'))
      const blogId = article.blogId ?? current.blogId
      if (
        article.handle &&
        [...articles.values()].some(
          (a) => a.id !== id && a.blogId === blogId && a.handle === article.handle,
        )
      ) {
        errors.push(userError(['article', 'handle'], 'Handle has already been taken', 'TAKEN'))
      }
      const image = imageFrom(article.image, current.image)
      if (image === 'invalid')
        errors.push(userError(['article', 'image'], 'Image URL is invalid', 'INVALID'))
      if (errors.length) return { article: null, userErrors: errors }
      const isPublished = article.isPublished ?? current.isPublished
      Object.assign(current, {
        ...(article.title !== undefined ? { title: article.title } : {}),
        ...(article.body !== undefined ? { body: article.body ?? '' } : {}),
        ...(article.handle ? { handle: article.handle } : {}),
        ...(article.summary !== undefined ? { summary: article.summary } : {}),
        ...(article.tags !== undefined
          ? { tags: [...new Set((article.tags ?? []).map((t) => t.trim()).filter(Boolean))] }
          : {}),
        ...(article.author?.name ? { author: { name: article.author.name } } : {}),
        ...(article.templateSuffix !== undefined ? { templateSuffix: article.templateSuffix } : {}),
        blogId,
        image,
        isPublished,
        publishedAt: publishedAtFor(isPublished, current.publishedAt),
        updatedAt: now(),
      })
      writtenAt.set(id, Date.now())
      return { article: articleView(current), userErrors: [] }
    },

    articleDelete: ({ id }: { id: string }) => {
      if (!articles.delete(id))
        return {
          deletedArticleId: null,
          userErrors: [userError(['id'], 'Article does not exist', 'NOT_FOUND')],
        }
      return { deletedArticleId: id, userErrors: [] }
    },

    pageCreate: ({
      page,
    }: {
      page: {
        title: string
        body?: string | null
        handle?: string | null
        isPublished?: boolean | null
        templateSuffix?: string | null
      }
    }) => {
      const errors = []
      if (!page.title.trim())
        errors.push(userError(['page', 'title'], "Title can't be blank", 'BLANK'))
      const h = handleFor(page.handle, page.title, (x) =>
        [...pages.values()].some((p) => p.handle === x),
      )
      if ('error' in h)
        errors.push(userError(['page', 'handle'], 'Handle has already been taken', 'TAKEN'))
      if (errors.length) return { page: null, userErrors: errors }
      const isPublished = page.isPublished ?? true
      const record: FakePage = {
        id: gid('Page'),
        title: page.title,
        handle: (h as { handle: string }).handle,
        body: page.body ?? '',
        isPublished,
        publishedAt: publishedAtFor(isPublished, null),
        createdAt: now(),
        updatedAt: now(),
        templateSuffix: page.templateSuffix ?? null,
      }
      pages.set(record.id, record)
      writtenAt.set(record.id, Date.now())
      return { page: pageView(record), userErrors: [] }
    },

    pageUpdate: ({
      id,
      page,
    }: {
      id: string
      page: {
        title?: string | null
        body?: string | null
        handle?: string | null
        isPublished?: boolean | null
      }
    }) => {
      const current = pages.get(id)
      if (!current)
        return { page: null, userErrors: [userError(['id'], 'Page does not exist', 'NOT_FOUND')] }
      if (page.title !== undefined && !page.title?.trim())
        return {
          page: null,
          userErrors: [userError(['page', 'title'], "Title can't be blank", 'BLANK')],
        }
      if (page.handle && [...pages.values()].some((p) => p.id !== id && p.handle === page.handle)) {
        return {
          page: null,
          userErrors: [userError(['page', 'handle'], 'Handle has already been taken', 'TAKEN')],
        }
      }
      const isPublished = page.isPublished ?? current.isPublished
      Object.assign(current, {
        ...(page.title ? { title: page.title } : {}),
        ...(page.body !== undefined ? { body: page.body ?? '' } : {}),
        ...(page.handle ? { handle: page.handle } : {}),
        isPublished,
        publishedAt: publishedAtFor(isPublished, current.publishedAt),
        updatedAt: now(),
      })
      writtenAt.set(id, Date.now())
      return { page: pageView(current), userErrors: [] }
    },

    pageDelete: ({ id }: { id: string }) => {
      if (!pages.delete(id))
        return {
          deletedPageId: null,
          userErrors: [userError(['id'], 'Page does not exist', 'NOT_FOUND')],
        }
      return { deletedPageId: id, userErrors: [] }
    },
  })

  /** Denies root fields the token's scopes do not cover, as Shopify does (the field is null, with an error). */
  const guard = (root: Record<string, unknown>, scopes: string[]): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(root).map(([name, resolve]) => [
        name,
        (...args: unknown[]) => {
          const needed = SCOPE[name]
          if (
            needed &&
            !scopes.includes(needed) &&
            !(needed.startsWith('read_') && scopes.includes(needed.replace('read_', 'write_')))
          ) {
            throw new GraphQLError(
              `Access denied for ${name} field. Required access: \`${needed}\` access scope.`,
              {
                extensions: {
                  code: 'ACCESS_DENIED',
                  documentation: 'https://shopify.dev/api/usage/access-scopes',
                  requiredAccess: `\`${needed}\` access scope.`,
                },
              },
            )
          }
          return (resolve as (...a: unknown[]) => unknown)(...args)
        },
      ]),
    )

  const answer = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(body))
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      stats.requests++
      stats.firstAt ??= Date.now()
      stats.lastAt = Date.now()
      const address = server.address() as AddressInfo
      if (req.headers.host !== `127.0.0.1:${address.port}`) {
        res.writeHead(404, { 'Content-Type': 'text/html' })
        res.end(
          '<!DOCTYPE html><title>Page Not Found</title><p>There’s no page at this address.</p>',
        )
        return
      }
      if (
        req.method !== 'POST' ||
        !/^\/admin\/api\/(2026-01|unstable)\/graphql\.json$/.test((req.url ?? '').split('?')[0]!)
      ) {
        answer(res, 404, { errors: 'Not Found' })
        return
      }
      const token = req.headers['x-shopify-access-token']
      const scopes = typeof token === 'string' ? tokens[token] : undefined
      if (!scopes) {
        answer(res, 401, {
          errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
        })
        return
      }
      let scripted = script[0]?.kind === 'status' ? script.shift() : undefined
      if (scripted?.kind === 'status') {
        res.writeHead(scripted.status, { 'Content-Type': 'application/json' })
        res.end(scripted.body ?? JSON.stringify({ errors: 'Internal Server Error' }))
        return
      }
      let request: { query?: string; variables?: Record<string, unknown> }
      let document: DocumentNode
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof request
        document = parse(request.query ?? '')
      } catch (error) {
        answer(res, 200, { errors: [{ message: (error as Error).message }] })
        return
      }
      const invalid = validate(schema, document)
      if (invalid.length) {
        stats.rejectedDocuments.push(request.query ?? '')
        answer(res, 200, {
          errors: invalid.map((e) => ({
            message: e.message,
            locations: e.locations,
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          })),
        })
        return
      }
      const variables = request.variables ?? {}
      const operation = document.definitions.find((d) => d.kind === 'OperationDefinition')
      const next = script[0]
      if (
        next?.kind === 'commit-then-drop' &&
        operation?.kind === 'OperationDefinition' &&
        operation.operation === 'mutation'
      ) {
        const fields = operation.selectionSet.selections.map((s) =>
          s.kind === 'Field' ? s.name.value : '',
        )
        if (!next.field || fields.includes(next.field)) scripted = script.shift()
      }
      const plan = planCost(schema, document, variables)
      refill()
      if (plan.requested > bucketSize.maximumAvailable) {
        answer(res, 200, {
          errors: [
            {
              message: `Query cost is ${plan.requested}, which exceeds the single query max cost limit (${bucketSize.maximumAvailable}).`,
              extensions: {
                code: 'MAX_COST_EXCEEDED',
                cost: plan.requested,
                maxCost: bucketSize.maximumAvailable,
                documentation: DOCS,
              },
            },
          ],
          extensions: {
            cost: {
              requestedQueryCost: plan.requested,
              actualQueryCost: null,
              throttleStatus: throttleStatus(),
            },
          },
        })
        return
      }
      if (plan.requested > bucket.available) {
        stats.throttled++
        stats.throttleLog.push({
          at: Date.now() - stats.firstAt!,
          requested: plan.requested,
          available: Math.round(bucket.available * 100) / 100,
        })
        answer(res, 200, {
          errors: [
            { message: 'Throttled', extensions: { code: 'THROTTLED', documentation: DOCS } },
          ],
          extensions: {
            cost: {
              requestedQueryCost: plan.requested,
              actualQueryCost: null,
              throttleStatus: throttleStatus(),
            },
          },
        })
        return
      }
      bucket.available -= plan.requested
      if (scripted?.kind === 'commit-then-drop') scripted.before?.()
      const used: Used = new Map()
      const result = execute({
        schema,
        document,
        variableValues: variables,
        rootValue: guard(rootValue(used), scopes),
      }) as Awaited<ReturnType<typeof execute>>
      stats.executed++
      let actual = plan.requested
      for (const [key, { size, perItem }] of plan.connections)
        actual -= (size - (used.get(key) ?? size)) * perItem
      bucket.available = Math.min(
        bucketSize.maximumAvailable,
        bucket.available + (plan.requested - actual),
      )
      stats.costCharged += actual
      const body = {
        ...(result.errors
          ? {
              errors: result.errors.map((e) => ({
                message: e.message,
                locations: e.locations,
                path: e.path,
                extensions: e.extensions,
              })),
            }
          : {}),
        data: result.data ?? null,
        extensions: {
          cost: {
            requestedQueryCost: plan.requested,
            actualQueryCost: actual,
            throttleStatus: throttleStatus(),
          },
        },
      }
      if (scripted?.kind === 'commit-then-drop') {
        req.socket.destroy()
        return
      }
      answer(res, 200, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  const edit = <T extends { updatedAt: string }>(
    map: Map<string, T>,
    id: string,
    patch: Partial<T>,
  ): T => {
    const current = map.get(id)
    if (!current) throw new Error(`no ${id} in the fake shop`)
    Object.assign(current, patch, { updatedAt: now() })
    return current
  }

  return {
    origin: `http://127.0.0.1:${port}`,
    schema,
    shop,
    blogs,
    articles,
    pages,
    stats,
    script,
    advance: (ms) => void (offset += ms),
    editArticle: (id, patch) => edit(articles, id, patch),
    editPage: (id, patch) => edit(pages, id, patch),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
