/**
 * The site's HTML, as React components rendered once on the server (`renderToStaticMarkup`):
 * the page shell (head with SEO and Open Graph tags, header, navigation, footer), the five page
 * templates, posts and listings. No client JavaScript: everything reads without it.
 *
 * Every link inside the site is relative to the file being rendered (`Ctx.href`), see `urls.ts`.
 * Bodies are already through the HTML policy (`siteBody`) when they reach `dangerouslySetInnerHTML`.
 */
import type { ReactNode } from 'react'

import type { Layout, NavNode } from './layout'
import type { ImageFile, SiteImage, SitePage, SitePost, SiteTerm, TemplateName } from './types'

import { absolute, formatDate, plainText, siteBody } from './text'
import { archiveUrl, blogUrl, FAVICON_PATH, mediaUrl, postUrl, relativeUrl } from './urls'

/** What every component needs: the layout, the file being rendered and how to link from it. */
export type Ctx = {
  layout: Layout
  /** The output path being rendered, e.g. `blog/hello/index.html`. */
  file: string
  /** A link from this file to a site URL path. */
  href: (url: string) => string
  /** The URL of the section this file belongs to (for `aria-current`), e.g. `about/`, `blog/`. */
  section: string | null
}

export const makeCtx = (
  layout: Layout,
  file: string,
  section: string | null,
  absoluteLinks = false,
): Ctx => ({
  layout,
  file,
  section,
  href: absoluteLinks ? (url) => absolute(layout, url) : (url) => relativeUrl(file, url),
})

const locale = (ctx: Ctx): string => ctx.layout.site.settings.locale || 'en'
const timeZone = (ctx: Ctx): string => ctx.layout.site.settings.timeZone || 'UTC'

// ---------------------------------------------------------------- images

const filesOf = (image: SiteImage): ImageFile[] => {
  const byWidth = new Map<number, ImageFile>()
  for (const file of [...(image.sizes ?? []), image.original]) {
    if (file.width > 0 && file.height > 0 && !byWidth.has(file.width)) byWidth.set(file.width, file)
  }
  return [...byWidth.values()].sort((a, b) => a.width - b.width)
}

/** The file to use as `src`: the smallest at least `want` px wide, else the largest. */
const pick = (image: SiteImage, want: number): ImageFile => {
  const files = filesOf(image)
  return files.find((file) => file.width >= want) ?? files[files.length - 1] ?? image.original
}

/** A responsive image: `srcset` of Payload's sizes, the chosen file's `width`/`height`. */
function Img({
  ctx,
  image,
  want,
  sizes,
  className,
  eager,
}: {
  ctx: Ctx
  image: SiteImage
  want: number
  sizes: string
  className?: string
  eager?: boolean
}) {
  const files = filesOf(image)
  const src = pick(image, want)
  return (
    <img
      className={className}
      src={ctx.href(mediaUrl(src.filename))}
      srcSet={
        files.length > 1
          ? files.map((file) => `${ctx.href(mediaUrl(file.filename))} ${file.width}w`).join(', ')
          : undefined
      }
      sizes={files.length > 1 ? sizes : undefined}
      width={src.width}
      height={src.height}
      alt={image.alt}
      loading={eager ? undefined : 'lazy'}
      decoding="async"
    />
  )
}

// ---------------------------------------------------------------- the shell

type Head = {
  title: string
  description: string
  /** The site URL path of this document, for canonical and `og:url`; null for the 404 page. */
  url: string | null
  type: 'website' | 'article'
  image?: SiteImage | null
  publishedAt?: string
  /** Inline CSS instead of the stylesheet's link (the 404 page, served at any depth). */
  inlineCss?: string
  noindex?: boolean
}

export function Shell({
  ctx,
  head,
  bodyClass,
  children,
}: {
  ctx: Ctx
  head: Head
  bodyClass: string
  children: ReactNode
}) {
  const { settings } = ctx.layout.site
  const ogImage = head.image ? pick(head.image, 1200) : null
  const lang = locale(ctx)
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{head.title}</title>
        {head.description ? <meta name="description" content={head.description} /> : null}
        {head.noindex ? <meta name="robots" content="noindex" /> : null}
        {head.url !== null ? <link rel="canonical" href={absolute(ctx.layout, head.url)} /> : null}
        <meta property="og:site_name" content={settings.name} />
        <meta property="og:title" content={head.title} />
        {head.description ? <meta property="og:description" content={head.description} /> : null}
        <meta property="og:type" content={head.type} />
        {head.url !== null ? (
          <meta property="og:url" content={absolute(ctx.layout, head.url)} />
        ) : null}
        <meta property="og:locale" content={lang.replace('-', '_')} />
        {ogImage && head.image ? (
          <>
            <meta property="og:image" content={absolute(ctx.layout, mediaUrl(ogImage.filename))} />
            <meta property="og:image:width" content={String(ogImage.width)} />
            <meta property="og:image:height" content={String(ogImage.height)} />
            <meta property="og:image:alt" content={head.image.alt} />
          </>
        ) : null}
        {head.publishedAt ? (
          <meta property="article:published_time" content={head.publishedAt} />
        ) : null}
        <meta name="twitter:card" content={ogImage ? 'summary_large_image' : 'summary'} />
        <Icon ctx={ctx} />
        {head.inlineCss !== undefined ? (
          <style dangerouslySetInnerHTML={{ __html: head.inlineCss }} />
        ) : (
          <link rel="stylesheet" href={ctx.href(ctx.layout.cssPath)} />
        )}
        {ctx.layout.posts.length > 0 ? (
          <link
            rel="alternate"
            type="application/rss+xml"
            title={settings.name}
            href={ctx.href('feed.xml')}
          />
        ) : null}
      </head>
      <body className={bodyClass}>
        <a className="skip" href="#main">
          Skip to content
        </a>
        <Header ctx={ctx} />
        <main id="main">{children}</main>
        <Footer ctx={ctx} />
      </body>
    </html>
  )
}

/** The site's icon: its logo's smallest file, else the generated `favicon.svg`. */
function Icon({ ctx }: { ctx: Ctx }) {
  const { logo } = ctx.layout.site.settings
  const file = logo ? pick(logo, 64) : null
  return file ? (
    <link
      rel="icon"
      href={ctx.href(mediaUrl(file.filename))}
      {...(file.mimeType ? { type: file.mimeType } : {})}
    />
  ) : (
    <link rel="icon" href={ctx.href(FAVICON_PATH)} type="image/svg+xml" />
  )
}

function Header({ ctx }: { ctx: Ctx }) {
  const { settings } = ctx.layout.site
  const roots = ctx.layout.nav
  const hasBlog = ctx.layout.posts.length > 0
  return (
    <header className="site-header">
      <div className="wrap">
        <a className="brand" href={ctx.href('')}>
          {settings.logo ? (
            <Img ctx={ctx} image={settings.logo} want={200} sizes="200px" eager />
          ) : null}
          <span>
            <span className="brand-name">{settings.name}</span>
            {settings.tagline ? <span className="brand-tagline">{settings.tagline}</span> : null}
          </span>
        </a>
        {roots.length > 0 || hasBlog ? (
          <nav className="site-nav" aria-label="Main">
            <ul>
              {roots.map((node) => (
                <li key={node.url}>
                  <a
                    href={ctx.href(node.url)}
                    aria-current={ctx.section === node.url ? 'page' : undefined}
                  >
                    {node.page.title}
                  </a>
                </li>
              ))}
              {hasBlog ? (
                <li>
                  <a
                    href={ctx.href(blogUrl())}
                    aria-current={ctx.section === 'blog/' ? 'page' : undefined}
                  >
                    Blog
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </div>
    </header>
  )
}

function Footer({ ctx }: { ctx: Ctx }) {
  const { settings } = ctx.layout.site
  return (
    <footer className="site-footer">
      <div className="wrap">
        <p>
          {settings.name}
          {settings.description ? ` — ${settings.description}` : ''}
        </p>
        {ctx.layout.posts.length > 0 ? (
          <p>
            <a href={ctx.href('feed.xml')}>RSS feed</a>
          </p>
        ) : null}
      </div>
    </footer>
  )
}

// ---------------------------------------------------------------- pages

const Body = ({ ctx, html }: { ctx: Ctx; html: string }) => (
  <div
    className="body"
    dangerouslySetInnerHTML={{ __html: siteBody(html, ctx.layout, ctx.file) }}
  />
)

const Featured = ({
  ctx,
  image,
  sizes = '(min-width: 48rem) 42rem, 100vw',
}: {
  ctx: Ctx
  image: SiteImage | null | undefined
  sizes?: string
}) =>
  image ? (
    <figure className="featured">
      <Img ctx={ctx} image={image} want={1200} sizes={sizes} eager />
    </figure>
  ) : null

function SectionList({ ctx, nodes }: { ctx: Ctx; nodes: NavNode[] }) {
  return (
    <ul>
      {nodes.map((node) => (
        <li key={node.url}>
          <a
            href={ctx.href(node.url)}
            aria-current={ctx.file === `${node.url}index.html` ? 'page' : undefined}
          >
            {node.page.title}
          </a>
          {node.children.length > 0 ? <SectionList ctx={ctx} nodes={node.children} /> : null}
        </li>
      ))}
    </ul>
  )
}

const findNode = (nodes: NavNode[], page: SitePage): { node: NavNode; root: NavNode } | null => {
  for (const root of nodes) {
    const stack = [root]
    while (stack.length) {
      const node = stack.pop()!
      if (node.page === page) return { node, root }
      stack.push(...node.children)
    }
  }
  return null
}

function Children({ ctx, node }: { ctx: Ctx; node: NavNode | undefined }) {
  if (!node || node.children.length === 0) return null
  return (
    <nav className="children" aria-label="In this section">
      <h2>In this section</h2>
      <SectionList ctx={ctx} nodes={node.children} />
    </nav>
  )
}

function LatestPosts({ ctx, posts, heading }: { ctx: Ctx; posts: SitePost[]; heading: string }) {
  if (posts.length === 0) return null
  return (
    <section className="wrap latest" aria-labelledby="latest-heading">
      <h2 id="latest-heading">{heading}</h2>
      <Cards ctx={ctx} posts={posts} level={3} />
    </section>
  )
}

export function PageView({ ctx, page, latest }: { ctx: Ctx; page: SitePage; latest: SitePost[] }) {
  const template: TemplateName = page.template ?? 'default'
  const found = findNode(ctx.layout.nav, page)
  const lede = page.meta?.description
  const latestBlock = <LatestPosts ctx={ctx} posts={latest} heading="Latest posts" />
  switch (template) {
    case 'landing':
      return (
        <>
          <section className="hero" aria-labelledby="page-title">
            {page.image ? (
              <Img ctx={ctx} image={page.image} want={1600} sizes="100vw" eager />
            ) : null}
            <div>
              <h1 id="page-title">{page.title}</h1>
              {lede || ctx.layout.site.settings.tagline ? (
                <p>{lede || ctx.layout.site.settings.tagline}</p>
              ) : null}
            </div>
          </section>
          <div className="wrap content">
            <div className="article">
              <Body ctx={ctx} html={page.html} />
              <Children ctx={ctx} node={found?.node} />
            </div>
          </div>
          {latestBlock}
        </>
      )
    case 'full-width':
      return (
        <>
          <div className="title-band">
            <div className="wrap">
              <h1>{page.title}</h1>
              {lede ? <p className="lede">{lede}</p> : null}
            </div>
          </div>
          <div className="wrap content">
            <article className="article">
              <Featured ctx={ctx} image={page.image} sizes="(min-width: 72rem) 72rem, 100vw" />
              <Body ctx={ctx} html={page.html} />
              <Children ctx={ctx} node={found?.node} />
            </article>
          </div>
          {latestBlock}
        </>
      )
    case 'sidebar': {
      const recent = ctx.layout.posts.slice(0, ctx.layout.options.recentPosts)
      // The section's tree when the section has more than this page; else the site's top-level
      // pages when there are others; never a list of the page alone.
      const section =
        found && found.root.children.length > 0 ? (
          <nav aria-label={found.root.page.title}>
            <h2>{found.root.page.title}</h2>
            <SectionList ctx={ctx} nodes={[found.root]} />
          </nav>
        ) : ctx.layout.nav.length > 1 ? (
          <nav aria-label="Pages">
            <h2>Pages</h2>
            <SectionList
              ctx={ctx}
              nodes={ctx.layout.nav.map((node) => ({ ...node, children: [] }))}
            />
          </nav>
        ) : null
      const article = (
        <article className="article">
          <h1>{page.title}</h1>
          {lede ? <p className="lede">{lede}</p> : null}
          <Featured ctx={ctx} image={page.image} />
          <Body ctx={ctx} html={page.html} />
        </article>
      )
      return (
        <>
          <div className="wrap content">
            {section || recent.length > 0 ? (
              <div className="columns">
                {article}
                <aside aria-label="Sidebar">
                  {section}
                  {recent.length > 0 ? (
                    <nav aria-label="Recent posts">
                      <h2>Recent posts</h2>
                      <ul>
                        {recent.map((post) => (
                          <li key={post.slug}>
                            <a href={ctx.href(postUrl(post.slug))}>{post.title}</a>
                          </li>
                        ))}
                      </ul>
                    </nav>
                  ) : null}
                </aside>
              </div>
            ) : (
              article
            )}
          </div>
          {latestBlock}
        </>
      )
    }
    case 'contact': {
      const { settings } = ctx.layout.site
      return (
        <>
          <div className="wrap content">
            <h1>{page.title}</h1>
            <div className="contact">
              <div>
                {lede ? <p className="lede">{lede}</p> : null}
                <Body ctx={ctx} html={page.html} />
              </div>
              <aside className="contact-card" aria-label="Contact details">
                <h2>Get in touch</h2>
                <address>
                  {settings.name}
                  {settings.domain ? (
                    <>
                      <br />
                      <a href={ctx.layout.options.baseUrl}>{settings.domain}</a>
                    </>
                  ) : null}
                </address>
              </aside>
            </div>
            <Children ctx={ctx} node={found?.node} />
          </div>
          {latestBlock}
        </>
      )
    }
    default:
      return (
        <>
          <div className="wrap content">
            <article className="article">
              <h1>{page.title}</h1>
              {lede ? <p className="lede">{lede}</p> : null}
              <Featured ctx={ctx} image={page.image} />
              <Body ctx={ctx} html={page.html} />
              <Children ctx={ctx} node={found?.node} />
            </article>
          </div>
          {latestBlock}
        </>
      )
  }
}

// ---------------------------------------------------------------- posts and listings

const DateLine = ({ ctx, iso }: { ctx: Ctx; iso: string }) => (
  <time dateTime={iso}>{formatDate(iso, locale(ctx), timeZone(ctx))}</time>
)

function TermLinks({
  ctx,
  taxonomy,
  terms,
  label,
}: {
  ctx: Ctx
  taxonomy: 'category' | 'tag'
  terms: SiteTerm[]
  label: string
}) {
  if (terms.length === 0) return null
  return (
    <nav aria-label={label}>
      <ul className="terms">
        {terms.map((term) => (
          <li key={term.slug}>
            <a href={ctx.href(archiveUrl(taxonomy, term.slug))} rel="tag">
              {taxonomy === 'tag' ? `#${term.name}` : term.name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}

export function PostView({
  ctx,
  post,
  newer,
  older,
}: {
  ctx: Ctx
  post: SitePost
  newer: SitePost | null
  older: SitePost | null
}) {
  return (
    <div className="wrap content">
      <article className="article">
        <h1>{post.title}</h1>
        <p className="meta-line">
          <DateLine ctx={ctx} iso={post.publishedAt} />
        </p>
        <Featured ctx={ctx} image={post.image} />
        <Body ctx={ctx} html={post.html} />
        <TermLinks ctx={ctx} taxonomy="category" terms={post.categories ?? []} label="Categories" />
        <TermLinks ctx={ctx} taxonomy="tag" terms={post.tags ?? []} label="Tags" />
        {newer || older ? (
          <nav className="post-nav" aria-label="More posts">
            {older ? (
              <a href={ctx.href(postUrl(older.slug))} rel="prev">
                <span>Older post</span>
                {older.title}
              </a>
            ) : (
              <span />
            )}
            {newer ? (
              <a href={ctx.href(postUrl(newer.slug))} rel="next">
                <span>Newer post</span>
                {newer.title}
              </a>
            ) : null}
          </nav>
        ) : null}
      </article>
    </div>
  )
}

function Cards({ ctx, posts, level }: { ctx: Ctx; posts: SitePost[]; level: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3'
  return (
    <ul className="cards">
      {posts.map((post) => (
        <li className="card" key={post.slug}>
          {post.image ? (
            <Img ctx={ctx} image={post.image} want={768} sizes="(min-width: 48rem) 22rem, 100vw" />
          ) : null}
          <div className="card-body">
            <Heading>
              <a href={ctx.href(postUrl(post.slug))}>{post.title}</a>
            </Heading>
            <DateLine ctx={ctx} iso={post.publishedAt} />
            {post.excerpt ? <p>{post.excerpt}</p> : null}
          </div>
        </li>
      ))}
    </ul>
  )
}

export function ListingView({
  ctx,
  title,
  posts,
  newer,
  older,
}: {
  ctx: Ctx
  title: string
  posts: SitePost[]
  /** Site URLs of the neighbouring listing pages, if any. */
  newer: string | null
  older: string | null
}) {
  return (
    <div className="wrap content">
      <div className="listing">
        <h1>{title}</h1>
        {posts.length > 0 ? (
          <Cards ctx={ctx} posts={posts} level={2} />
        ) : (
          <p>Nothing has been published yet.</p>
        )}
        {newer !== null || older !== null ? (
          <nav className="pagination" aria-label="Pagination">
            {newer !== null ? (
              <a href={ctx.href(newer)} rel="prev">
                Newer posts
              </a>
            ) : (
              <span />
            )}
            {older !== null ? (
              <a href={ctx.href(older)} rel="next">
                Older posts
              </a>
            ) : null}
          </nav>
        ) : null}
      </div>
    </div>
  )
}

export function NotFoundView({ ctx }: { ctx: Ctx }) {
  return (
    <div className="not-found">
      <h1>Page not found</h1>
      <p>The page you asked for is not here. It may have moved, or the address may be mistyped.</p>
      <p>
        <a href={ctx.href('')}>Go to the home page</a>
      </p>
    </div>
  )
}

export const describe = (
  ctx: Ctx,
  doc: { meta?: SitePage['meta']; html: string },
  excerpt?: string | null,
): string =>
  doc.meta?.description ||
  excerpt ||
  plainText(doc.html, 160) ||
  ctx.layout.site.settings.tagline ||
  ''
