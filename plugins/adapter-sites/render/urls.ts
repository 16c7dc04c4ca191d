/**
 * The URL layout of a hosted site, and links between its files.
 *
 * A URL path here is site-relative without a leading slash: `` (home), `about/team/`,
 * `blog/hello/`, `assets/site.1a2b3c4d.css`. A directory URL is written to `<dir>/index.html`.
 *
 * Links inside the site are relative (`../../blog/`), so the same files work at the site's own
 * domain, under `/sites/<slug>/` on the app, and on any static host or CDN, whatever the folder
 * they are mounted at. The one exception is `404.html`, which a server answers for any missing
 * path at any depth: its links are absolute (`baseUrl`) and its CSS is inline.
 */

/** Top-level page slugs the blog and the files use. A root page with one of them is left out. */
export const RESERVED_ROOT_SLUGS = new Set(['blog', 'assets', 'media'])

/** Post slugs the blog's own paths use (`blog/page/2/`, `blog/category/…`, `blog/tag/…`). */
export const RESERVED_POST_SLUGS = new Set(['page', 'category', 'tag'])

/** Slugs usable as one URL segment and one directory name: letters, digits, `-`, `_`. */
const SLUG = /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u

export const isValidSlug = (slug: string): boolean => slug.length <= 200 && SLUG.test(slug)

/** `blog/hello/` → `blog/hello/index.html`; a file URL is its own path. */
export const fileOf = (url: string): string =>
  url === '' || url.endsWith('/') ? `${url}index.html` : url

/** Percent-encodes each segment of a site URL path (slugs may hold non-ASCII letters). */
export const encodePath = (url: string): string => url.split('/').map(encodeURIComponent).join('/')

/**
 * The shortest relative link from the file at `fromFile` (an output path) to the site URL `to`.
 * `relativeUrl('blog/hello/index.html', 'about/')` is `../../about/`,
 * `relativeUrl('about/index.html', 'about/team/')` is `team/`; to the file's own directory `./`.
 */
export const relativeUrl = (fromFile: string, to: string): string => {
  const from = fromFile.split('/').slice(0, -1)
  const parts = to.split('/')
  let common = 0
  while (common < from.length && common < parts.length - 1 && from[common] === parts[common])
    common++
  const link = '../'.repeat(from.length - common) + encodePath(parts.slice(common).join('/'))
  return link === '' ? './' : link
}

/**
 * The blog's front (`pageNo` 0, the newest posts) or one of its fixed listing pages, numbered from
 * the oldest posts (`blog/page/1/` holds the oldest; see `stablePages` in layout.ts).
 */
export const blogUrl = (pageNo = 0): string => (pageNo < 1 ? 'blog/' : `blog/page/${pageNo}/`)

export const postUrl = (slug: string): string => `blog/${slug}/`

/** An archive's front (`pageNo` 0) or one of its fixed listing pages, numbered as the blog's. */
export const archiveUrl = (taxonomy: 'category' | 'tag', slug: string, pageNo = 0): string =>
  pageNo < 1 ? `blog/${taxonomy}/${slug}/` : `blog/${taxonomy}/${slug}/page/${pageNo}/`

export const mediaUrl = (filename: string): string => `media/${filename}`

/** Media file names become one path segment: no separators, no dot-only names. */
export const isValidFilename = (filename: string): boolean =>
  filename.length > 0 &&
  filename.length <= 255 &&
  !filename.includes('/') &&
  !filename.includes('\\') &&
  !filename.includes('\u0000') &&
  filename !== '.' &&
  filename !== '..'

/** The generated icon (the site name's first letter on the accent colour). */
export const FAVICON_PATH = 'favicon.svg'
