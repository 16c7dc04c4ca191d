/**
 * Renders a hosted site: plain data in (`SiteInput`), a map of output path → file out. Pure and
 * deterministic (no clock, no randomness): the same input gives the same bytes, so unchanged files
 * are shared between releases by their hash.
 */
import type { ReactElement } from 'react'

import path from 'node:path'

import type { Ctx } from './components'
import type { Layout, Output } from './layout'
import type { RenderedFile, RenderedSite, RenderOptions, SiteInput } from './types'

import {
  describe,
  ListingView,
  makeCtx,
  NotFoundView,
  PageView,
  PostView,
  Shell,
} from './components'
import { layoutSite, resolveOptions } from './layout'
import { stylesheet } from './stylesheet'
import { absolute, escapeXml, isoDay, plainText, rfc822 } from './text'
import { archiveUrl, blogUrl, mediaUrl, postUrl } from './urls'

export type RenderResult = {
  files: RenderedSite
  layout: Layout
  /** Documents left out, and why. */
  warnings: string[]
}

const HTML = 'text/html; charset=utf-8'

type StaticRenderer = { renderToStaticMarkup: (element: ReactElement) => string }
let renderer: null | StaticRenderer = null

/**
 * React's static renderer, loaded from node_modules when first needed instead of imported: the
 * adapter is part of payload.config.ts, which Next bundles into its React Server Components graph,
 * where `react-dom/server` may not be imported and where `react` is React's server build, which
 * cannot render to a string. The name is built at run time so that no bundler follows it. The
 * components use no hooks and no context, so the elements render the same whichever copy of React
 * created them.
 */
const staticRenderer = (): StaticRenderer => {
  if (!renderer) {
    // Node's module loader itself (process.getBuiltinModule), which bundlers do not rewrite.
    const { createRequire } = process.getBuiltinModule('node:module')
    const load = createRequire(path.join(process.cwd(), 'package.json'))
    renderer = load(['react-dom', 'server'].join('/')) as StaticRenderer
  }
  return renderer
}

const html = (element: ReactElement): RenderedFile => ({
  contentType: HTML,
  body: `<!DOCTYPE html>\n${staticRenderer().renderToStaticMarkup(element)}\n`,
})

/** The layout of `site` (which files it has and what each depends on), without rendering. */
export function siteLayout(site: SiteInput, options: RenderOptions = {}): Layout {
  return layoutSite(site, resolveOptions(site, options), stylesheet().path)
}

/**
 * Renders `site`. With `only`, renders just those output paths (an incremental render, see
 * `planChange`); a path the site does not have is an error.
 */
export function renderSite(
  site: SiteInput,
  options: RenderOptions = {},
  only?: Iterable<string>,
): RenderResult {
  return renderLayout(siteLayout(site, options), only)
}

/** Renders the files of a layout already worked out (`planChange` returns the one after). */
export function renderLayout(layout: Layout, only?: Iterable<string>): RenderResult {
  const paths = only ? [...new Set(only)] : [...layout.files.keys()]
  const files: RenderedSite = new Map()
  for (const path of paths) {
    const planned = layout.files.get(path)
    if (!planned) throw new Error(`renderSite: the site has no file ${JSON.stringify(path)}`)
    files.set(path, renderOutput(layout, path, planned.output))
  }
  return { files, layout, warnings: layout.warnings }
}

const titled = (layout: Layout, title: string): string => `${title} – ${layout.site.settings.name}`

function renderOutput(layout: Layout, path: string, output: Output): RenderedFile {
  const { settings } = layout.site
  switch (output.kind) {
    case 'home': {
      const ctx = makeCtx(layout, path, '')
      if (output.page) {
        const page = output.page
        return html(
          <Shell
            ctx={ctx}
            head={{
              title: page.meta?.title || settings.name,
              description: describe(ctx, page, settings.tagline),
              url: '',
              type: 'website',
              image: page.meta?.image ?? page.image ?? settings.logo,
            }}
            bodyClass={`t-${page.template ?? 'default'}`}
          >
            <PageView ctx={ctx} page={page} latest={output.latest} />
          </Shell>,
        )
      }
      return listing(ctx, settings.name, output.latest, 0, null, output.older, '')
    }
    case 'page': {
      const page = output.page
      const ctx = makeCtx(layout, path, `${output.url.split('/')[0]}/`)
      return html(
        <Shell
          ctx={ctx}
          head={{
            title: page.meta?.title || titled(layout, page.title),
            description: describe(ctx, page),
            url: output.url,
            type: 'website',
            image: page.meta?.image ?? page.image,
          }}
          bodyClass={`t-${page.template ?? 'default'}`}
        >
          <PageView ctx={ctx} page={page} latest={[]} />
        </Shell>,
      )
    }
    case 'post': {
      const post = output.post
      const ctx = makeCtx(layout, path, 'blog/')
      return html(
        <Shell
          ctx={ctx}
          head={{
            title: post.meta?.title || titled(layout, post.title),
            description: describe(ctx, post, post.excerpt),
            url: postUrl(post.slug),
            type: 'article',
            image: post.meta?.image ?? post.image,
            publishedAt: post.publishedAt,
          }}
          bodyClass="t-post"
        >
          <PostView ctx={ctx} post={post} newer={output.newer} older={output.older} />
        </Shell>,
      )
    }
    case 'blog': {
      const ctx = makeCtx(layout, path, 'blog/')
      const title = output.pageNo > 0 ? `Blog, page ${output.pageNo}` : 'Blog'
      const { posts, pageNo, newer, older } = output
      return listing(ctx, title, posts, pageNo, newer, older, blogUrl(pageNo))
    }
    case 'archive': {
      const ctx = makeCtx(layout, path, 'blog/')
      const { taxonomy, term, pageNo } = output
      const name = `${taxonomy === 'category' ? 'Category' : 'Tag'}: ${term.name}`
      const title = pageNo > 0 ? `${name}, page ${pageNo}` : name
      const url = archiveUrl(taxonomy, term.slug, pageNo)
      return listing(ctx, title, output.posts, pageNo, output.newer, output.older, url)
    }
    case 'notFound': {
      const ctx = makeCtx(layout, path, null, true)
      return html(
        <Shell
          ctx={ctx}
          head={{
            title: titled(layout, 'Page not found'),
            description: '',
            url: null,
            type: 'website',
            inlineCss: stylesheet().css,
            noindex: true,
          }}
          bodyClass="t-default"
        >
          <NotFoundView ctx={ctx} />
        </Shell>,
      )
    }
    case 'css':
      return { contentType: 'text/css; charset=utf-8', body: stylesheet().css }
    case 'favicon':
      return { contentType: 'image/svg+xml', body: favicon(layout.site.settings.name) }
    case 'robots':
      return {
        contentType: 'text/plain; charset=utf-8',
        body: `User-agent: *\nAllow: /\n\nSitemap: ${absolute(layout, 'sitemap.xml')}\n`,
      }
    case 'sitemap':
      return { contentType: 'application/xml; charset=utf-8', body: sitemap(layout) }
    case 'feed':
      return { contentType: 'application/rss+xml; charset=utf-8', body: feed(layout, output.posts) }
    case 'media':
      return { contentType: output.file.mimeType || 'application/octet-stream', media: output.file }
  }
}

/** An SVG icon: the first letter or digit of `name` on the stylesheet's accent colour. */
export function favicon(name: string): string {
  const letter = /[\p{L}\p{N}]/u.exec(name)?.[0]?.toLocaleUpperCase() ?? '•'
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
    '<rect width="64" height="64" rx="14" fill="#2457d6"/>' +
    '<text x="32" y="45" font-family="system-ui,-apple-system,Segoe UI,sans-serif" font-size="38" ' +
    `font-weight="700" text-anchor="middle" fill="#ffffff">${escapeXml(letter)}</text></svg>\n`
  )
}

function listing(
  ctx: Ctx,
  title: string,
  posts: Layout['posts'],
  pageNo: number,
  newer: string | null,
  older: string | null,
  url: string,
): RenderedFile {
  const layout = ctx.layout
  const settings = layout.site.settings
  return html(
    <Shell
      ctx={ctx}
      head={{
        title: url === '' ? settings.name : titled(layout, title),
        description: settings.tagline || settings.description || '',
        url,
        type: 'website',
        image: settings.logo,
        noindex: pageNo > 0,
      }}
      bodyClass="t-blog"
    >
      <ListingView ctx={ctx} title={title} posts={posts} newer={newer} older={older} />
    </Shell>,
  )
}

/** Home, every page and every post: the site's documents, each once, with its last change. */
function sitemap(layout: Layout): string {
  const home = layout.files.get('index.html')?.output
  const homePage = home?.kind === 'home' ? home.page : null
  const entries: [string, string][] = [
    ['', homePage?.updatedAt ?? layout.posts[0]?.updatedAt ?? ''],
  ]
  for (const page of layout.site.pages) {
    const url = layout.pageUrls.get(String(page.id))
    if (url !== undefined && url !== '') entries.push([url, page.updatedAt])
  }
  for (const post of layout.posts) entries.push([postUrl(post.slug), post.updatedAt])
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  const urls = entries
    .map(([url, updatedAt]) => {
      const lastmod = isoDay(updatedAt)
      return `  <url><loc>${escapeXml(absolute(layout, url))}</loc>${lastmod ? `<lastmod>${lastmod}</lastmod>` : ''}</url>`
    })
    .join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`
}

/** RSS 2.0, newest posts first; its build date is the newest change among them (deterministic). */
function feed(layout: Layout, posts: Layout['posts']): string {
  const { settings } = layout.site
  const newest = posts.reduce((max, post) => (post.updatedAt > max ? post.updatedAt : max), '')
  const items = posts
    .map((post) => {
      const link = escapeXml(absolute(layout, postUrl(post.slug)))
      const description = post.excerpt || plainText(post.html)
      const categories = (post.categories ?? [])
        .map((term) => `      <category>${escapeXml(term.name)}</category>\n`)
        .join('')
      const image = post.image ? post.image.original : null
      return (
        '    <item>\n' +
        `      <title>${escapeXml(post.title)}</title>\n` +
        `      <link>${link}</link>\n` +
        `      <guid isPermaLink="true">${link}</guid>\n` +
        `      <pubDate>${rfc822(post.publishedAt)}</pubDate>\n` +
        `      <description>${escapeXml(description)}</description>\n` +
        categories +
        (image
          ? `      <enclosure url="${escapeXml(absolute(layout, mediaUrl(image.filename)))}" length="0" type="${escapeXml(image.mimeType || 'image/jpeg')}"/>\n`
          : '') +
        '    </item>\n'
      )
    })
    .join('')
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n' +
    '  <channel>\n' +
    `    <title>${escapeXml(settings.name)}</title>\n` +
    `    <link>${escapeXml(layout.options.baseUrl)}</link>\n` +
    `    <description>${escapeXml(settings.tagline || settings.description || settings.name)}</description>\n` +
    `    <language>${escapeXml(settings.locale || 'en')}</language>\n` +
    (newest ? `    <lastBuildDate>${rfc822(newest)}</lastBuildDate>\n` : '') +
    `    <atom:link href="${escapeXml(absolute(layout, 'feed.xml'))}" rel="self" type="application/rss+xml"/>\n` +
    items +
    '  </channel>\n' +
    '</rss>\n'
  )
}
