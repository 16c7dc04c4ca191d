import { HtmlValidate } from 'html-validate'

import type { RenderedFile, RenderedSite } from './types'

import { renderSite } from './renderSite'
import { CMS_URL, image, post, SAMPLE_OPTIONS, page as samplePage, sampleSite } from './sampleSite'
import { stylesheet } from './stylesheet'
import { TEMPLATES } from './types'

const text = (file: RenderedFile | undefined): string => {
  if (!file || !('body' in file)) throw new Error('not a generated file')
  return file.body
}

/**
 * html-validate's recommended rules, less three that judge serialisation style, not validity:
 * React writes void elements as `<br/>` and some attribute names in their DOM casing (`srcSet`,
 * `dateTime`, `charSet`: HTML attribute names are case-insensitive), and bodies carry the `style`
 * attributes the rich-text converters write (the HTML policy allows a short list of declarations).
 */
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'void-style': 'off',
    'attr-case': 'off',
    'no-inline-style': 'off',
  },
})

/** Every `href`/`src`/`srcset` URL in an HTML file. */
const urlsOf = (html: string): string[] => {
  const urls: string[] = []
  for (const [, attribute, value] of html.matchAll(/\s(href|src|srcset)="([^"]*)"/g)) {
    const decoded = value!.replace(/&amp;/g, '&')
    if (attribute === 'srcset')
      urls.push(...decoded.split(',').map((part) => part.trim().split(/\s+/)[0]!))
    else urls.push(decoded)
  }
  return urls
}

/**
 * Resolves a link found in `from` to an output path of the site, or null for an external one.
 * Relative links resolve against the file's directory; absolute ones on the site's base URL
 * (the 404 page, canonical URLs) are mapped back to paths.
 */
const BASE = 'https://www.acme.test/'
const resolve = (from: string, link: string): string | null => {
  if (link.startsWith('#')) return from
  let url: URL
  try {
    url = new URL(link, `${BASE}${from}`)
  } catch {
    return null
  }
  if (!url.href.startsWith(BASE)) return null
  const path = decodeURIComponent(url.pathname.slice(1))
  return path === '' || path.endsWith('/') ? `${path}index.html` : path
}

const brokenLinks = (files: RenderedSite): string[] => {
  const broken: string[] = []
  for (const [path, file] of files) {
    if (!path.endsWith('.html')) continue
    for (const link of urlsOf(text(file))) {
      const target = resolve(path, link)
      if (target !== null && !files.has(target)) broken.push(`${path} → ${link}`)
    }
  }
  return broken
}

describe('renderSite', () => {
  const { files, warnings } = renderSite(sampleSite(), SAMPLE_OPTIONS)

  it('follows the URL layout', () => {
    expect([...files.keys()].filter((path) => !path.startsWith('media/')).sort()).toEqual(
      [
        '404.html',
        'about/history/founders/index.html',
        'about/history/index.html',
        'about/index.html',
        'about/team/index.html',
        stylesheet().path,
        'blog/category/even/index.html',
        'blog/category/odd/index.html',
        'blog/index.html',
        'blog/page/1/index.html',
        ...Array.from({ length: 12 }, (_, i) => `blog/post-${i + 1}/index.html`),
        'blog/tag/three/index.html',
        'contact/index.html',
        'favicon.svg',
        'feed.xml',
        'index.html',
        'privacy/index.html',
        'robots.txt',
        'services/index.html',
        'sitemap.xml',
      ].sort(),
    )
    expect(warnings).toEqual([])
    expect(stylesheet().path).toMatch(/^assets\/site\.[0-9a-f]{10}\.css$/)
  })

  it('renders valid HTML for every page type', async () => {
    const samples = [
      'index.html', // home, landing template
      'about/index.html', // full-width
      'about/team/index.html', // sidebar
      'about/history/index.html', // default, with children
      'contact/index.html', // contact
      'blog/index.html', // blog index
      'blog/page/1/index.html', // paginated
      'blog/post-4/index.html', // post with image
      'blog/category/even/index.html', // archive
      'blog/tag/three/index.html',
      '404.html',
    ]
    for (const path of [...files.keys()].filter((p) => p.endsWith('.html'))) {
      const report = await validator.validateString(text(files.get(path)), path)
      const messages = report.results.flatMap((result) =>
        result.messages.map((m) => `${path}:${m.line}:${m.column} ${m.ruleId} ${m.message}`),
      )
      expect(messages).toEqual([])
    }
    for (const path of samples) expect(files.has(path)).toBe(true)
    // and the variants: a site without posts (no blog, a sidebar without recent posts), one
    // without pages (the blog is the home page), one without logo, tagline or images
    const site = sampleSite()
    const variants = [
      renderSite({ ...site, posts: [] }, SAMPLE_OPTIONS).files,
      renderSite({ ...site, pages: [] }, SAMPLE_OPTIONS).files,
      renderSite(
        {
          settings: { name: 'Bare', domain: 'bare.test' },
          pages: site.pages.map((p) => ({ ...p, image: null, meta: null })),
          posts: site.posts
            .slice(0, 2)
            .map((p) => ({ ...p, image: null, excerpt: null, categories: [], tags: [] })),
        },
        SAMPLE_OPTIONS,
      ).files,
    ]
    for (const variant of variants) {
      expect(brokenLinks(variant)).toEqual([])
      for (const path of [...variant.keys()].filter((p) => p.endsWith('.html'))) {
        const report = await validator.validateString(text(variant.get(path)), path)
        expect(
          report.results.flatMap((result) =>
            result.messages.map((m) => `${path} ${m.ruleId} ${m.message}`),
          ),
        ).toEqual([])
      }
    }
  })

  it('every template at the top level, alone or among others, is valid and links nothing broken', async () => {
    const site = sampleSite()
    const roots = TEMPLATES.map((template, i) =>
      samplePage(60 + i, `lone-${template}`, { order: `c${i}`, template }),
    )
    const sites = [
      // every template as a root page without children, beside the sample's pages
      renderSite({ ...site, pages: [...site.pages, ...roots] }, SAMPLE_OPTIONS).files,
      // each template as the only page of a site without posts
      ...roots.map(
        (only) => renderSite({ ...site, pages: [{ ...only }], posts: [] }, SAMPLE_OPTIONS).files,
      ),
    ]
    for (const variant of sites) {
      expect(brokenLinks(variant)).toEqual([])
      for (const path of [...variant.keys()].filter((p) => p.endsWith('.html'))) {
        const report = await validator.validateString(text(variant.get(path)), path)
        expect(
          report.results.flatMap((result) =>
            result.messages.map((m) => `${path} ${m.ruleId} ${m.message}`),
          ),
        ).toEqual([])
      }
    }
  })

  it('the sidebar never lists the page alone as its section', () => {
    const site = sampleSite()
    const lone = samplePage(70, 'lone', { order: 'c0', template: 'sidebar', title: 'Lone page' })
    const among = renderSite({ ...site, pages: [...site.pages, lone] }, SAMPLE_OPTIONS).files
    const html = text(among.get('lone/index.html'))
    // no section named after the page itself; the site's top-level pages instead
    expect(html).not.toContain('aria-label="Lone page"')
    expect(html).toContain('<nav aria-label="Pages"><h2>Pages</h2>')
    expect(html).toContain('href="../about/"')
    // a page in a section with other pages still shows that section's tree
    expect(text(among.get('about/team/index.html'))).toContain('<nav aria-label="About">')

    // alone on a site without posts: no sidebar at all, the page takes the column
    const only = renderSite(
      { ...site, pages: [{ ...lone, slug: 'home' }], posts: [] },
      SAMPLE_OPTIONS,
    ).files
    const alone = text(only.get('index.html'))
    expect(alone).not.toContain('<aside')
    expect(alone).toContain('Lone page')
  })

  it('gives browsers an icon: the logo, else a generated one', () => {
    const icon = files.get('favicon.svg')
    expect(icon?.contentType).toBe('image/svg+xml')
    expect(text(icon)).toContain('>A</text>')
    // the sample has a logo: pages link its smallest file
    expect(text(files.get('blog/post-1/index.html'))).toContain(
      '<link rel="icon" href="../../media/logo.png" type="image/png"/>',
    )
    const bare = renderSite(
      { ...sampleSite(), settings: { name: 'émile & co', domain: 'e.test' } },
      SAMPLE_OPTIONS,
    ).files
    expect(text(bare.get('favicon.svg'))).toContain('>É</text>')
    expect(text(bare.get('blog/index.html'))).toContain(
      '<link rel="icon" href="../favicon.svg" type="image/svg+xml"/>',
    )
    // the 404 page, served at any depth, links it absolutely
    expect(text(bare.get('404.html'))).toContain('href="https://e.test/favicon.svg"')
  })

  it('has no broken internal link or image', () => {
    expect(brokenLinks(files)).toEqual([])
    // and the check does find one
    const broken = new Map(files)
    broken.delete('about/team/index.html')
    expect(brokenLinks(broken)).toContain('about/index.html → team/')
  })

  it('gives every template its own markup', () => {
    const marks: Record<string, string> = {
      'index.html': 'class="t-landing"',
      'about/index.html': 'class="t-full-width"',
      'about/team/index.html': 'class="t-sidebar"',
      'about/history/index.html': 'class="t-default"',
      'contact/index.html': 'class="t-contact"',
    }
    for (const [path, mark] of Object.entries(marks)) expect(text(files.get(path))).toContain(mark)
    expect(text(files.get('index.html'))).toContain('class="hero"')
    expect(text(files.get('about/index.html'))).toContain('class="title-band"')
    expect(text(files.get('about/team/index.html'))).toContain('<h2>Recent posts</h2>')
    expect(text(files.get('contact/index.html'))).toContain('class="contact-card"')
    for (const template of TEMPLATES) expect(stylesheet().css).toContain(`.t-${template}`)
  })

  it('links relative to each file, and the stylesheet by its hashed name', () => {
    const post = text(files.get('blog/post-3/index.html'))
    expect(post).toContain(`<link rel="stylesheet" href="../../${stylesheet().path}"/>`)
    expect(post).toContain('<a class="brand" href="../../">')
    expect(post).toContain('href="../../about/"')
    expect(text(files.get('index.html'))).toContain(`href="${stylesheet().path}"`)
    // the 404 page is served at any depth: absolute links, inline CSS
    const notFound = text(files.get('404.html'))
    expect(notFound).toContain('<a class="brand" href="https://www.acme.test/">')
    expect(notFound).not.toContain('rel="stylesheet"')
    expect(notFound).toContain('<meta name="robots" content="noindex"/>')
  })

  it('navigation follows the page tree and its order', () => {
    const home = text(files.get('index.html'))
    const nav = home.slice(home.indexOf('<nav class="site-nav"'), home.indexOf('</nav>'))
    const titles = [...nav.matchAll(/<a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1])
    expect(titles).toEqual(['Welcome', 'About', 'Services', 'Contact', 'Privacy', 'Blog'])
    expect(text(files.get('about/team/index.html'))).toContain(
      '<a href="../" aria-current="page">About</a>',
    )
    const history = text(files.get('about/history/index.html'))
    expect(history).toContain('<h2>In this section</h2>')
    expect(history).toContain('href="founders/"')
  })

  it('takes name, tagline, logo, locale and time zone from the settings', () => {
    const post = text(files.get('blog/post-1/index.html'))
    expect(post).toContain('<html lang="en-GB">')
    expect(post).toContain('Acme &amp; Sons')
    expect(post).toContain('Things, made well')
    expect(post).toContain('alt="Acme logo"')
    expect(post).toContain('<time dateTime="2026-01-02T12:00:00.000Z">2 January 2026</time>')
    const american = renderSite(
      {
        ...sampleSite(),
        settings: { ...sampleSite().settings, locale: 'en-US', timeZone: 'Pacific/Kiritimati' },
      },
      SAMPLE_OPTIONS,
    )
    // 12:00 UTC is 02:00 the next day at UTC+14
    expect(text(american.files.get('blog/post-1/index.html'))).toContain('January 3, 2026</time>')
  })

  it('writes SEO and Open Graph tags from each document', () => {
    const about = text(files.get('about/index.html'))
    expect(about).toContain('<title>About – Acme &amp; Sons</title>')
    expect(about).toContain('<meta name="description" content="The about page."/>')
    expect(about).toContain('<link rel="canonical" href="https://www.acme.test/about/"/>')
    expect(about).toContain('<meta property="og:url" content="https://www.acme.test/about/"/>')
    expect(about).toContain('<meta property="og:locale" content="en_GB"/>')
    const withImage = text(files.get('blog/post-4/index.html'))
    expect(withImage).toContain('<meta property="og:type" content="article"/>')
    expect(withImage).toContain(
      '<meta property="og:image" content="https://www.acme.test/media/post-4-1600x1067.jpg"/>',
    )
    expect(withImage).toContain('<meta property="og:image:alt" content="Picture 1004"/>')
    const custom = renderSite(
      {
        ...sampleSite(),
        posts: [
          post(1, {
            meta: {
              title: 'Custom title',
              description: 'Custom description',
              image: image(5, 'og'),
            },
          }),
        ],
      },
      SAMPLE_OPTIONS,
    )
    const page = text(custom.files.get('blog/post-1/index.html'))
    expect(page).toContain('<title>Custom title</title>')
    expect(page).toContain('<meta property="og:description" content="Custom description"/>')
    expect(page).toContain('content="https://www.acme.test/media/og-1600x1067.jpg"')
  })

  it('gives images alt, width, height and responsive sizes, and carries their files', () => {
    const card = text(files.get('blog/index.html'))
    expect(card).toMatch(
      /<img src="\.\.\/media\/post-12-768x512\.jpg" srcSet="\.\.\/media\/post-12-400x267\.jpg 400w, \.\.\/media\/post-12-768x512\.jpg 768w, \.\.\/media\/post-12-1600x1067\.jpg 1600w, \.\.\/media\/post-12\.jpg 2400w" sizes="[^"]+" width="768" height="512" alt="Picture 1012" loading="lazy" decoding="async"\/>/,
    )
    for (const name of [
      'post-12.jpg',
      'post-12-400x267.jpg',
      'post-12-768x512.jpg',
      'post-12-1600x1067.jpg',
      'logo.png',
      'inline.jpg',
    ]) {
      expect(files.get(`media/${name}`)).toEqual(
        expect.objectContaining({ media: expect.objectContaining({ filename: name }) }),
      )
    }
  })

  it('points body images and internal links at the site itself', () => {
    const about = text(files.get('about/index.html'))
    expect(about).toContain(
      '<img src="../media/inline.jpg" alt="A diagram" width="2400" height="1600" />',
    )
    expect(about).toContain('<a href="team/">our team</a>')
    expect(about).toContain('<a href="../blog/post-3/">post 3</a>')
    expect(about).not.toContain(CMS_URL)
  })

  it('passes every body through the HTML policy', () => {
    const hostile = renderSite(
      {
        ...sampleSite(),
        posts: [
          post(1, {
            html: `<p onclick="steal()">Hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src="x" onerror="alert(1)" alt="y"><iframe src="https://evil.test"></iframe>`,
          }),
        ],
      },
      SAMPLE_OPTIONS,
    )
    const page = text(hostile.files.get('blog/post-1/index.html'))
    expect(page).toContain('<div class="body"><p>Hi</p><a>x</a><img src="x" alt="y" /></div>')
    expect(page).not.toMatch(/onclick|onerror|<script|javascript:|<iframe/)
  })

  it('escapes titles and text it writes itself', () => {
    const site = renderSite(
      {
        ...sampleSite(),
        posts: [
          post(1, { title: '<b>Bold</b> & "quoted"', excerpt: '</title><script>x</script>' }),
        ],
      },
      SAMPLE_OPTIONS,
    )
    const page = text(site.files.get('blog/post-1/index.html'))
    expect(page).toContain('<h1>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</h1>')
    expect(page).not.toContain('<script>x')
    expect(text(site.files.get('feed.xml'))).toContain(
      '<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &quot;quoted&quot;</title>',
    )
  })

  it('lists exactly the published documents in the sitemap and the newest posts in the feed', () => {
    const sitemap = text(files.get('sitemap.xml'))
    const locs = [...sitemap.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1])
    expect(locs.sort()).toEqual(
      [
        '',
        'about/',
        'about/history/',
        'about/history/founders/',
        'about/team/',
        'contact/',
        'privacy/',
        'services/',
        ...Array.from({ length: 12 }, (_, i) => `blog/post-${i + 1}/`),
      ]
        .map((url) => `https://www.acme.test/${url}`)
        .sort(),
    )
    expect(sitemap).toContain('<lastmod>2026-01-02</lastmod>')
    const feed = renderSite(sampleSite(), { ...SAMPLE_OPTIONS, feedSize: 3 }).files.get('feed.xml')
    const links = [...text(feed).matchAll(/<guid isPermaLink="true">([^<]*)<\/guid>/g)].map(
      (m) => m[1],
    )
    expect(links).toEqual(
      ['post-12', 'post-11', 'post-10'].map((slug) => `https://www.acme.test/blog/${slug}/`),
    )
    expect(text(feed)).toContain('<rss version="2.0"')
    expect(text(feed)).toContain('<pubDate>Tue, 13 Jan 2026 12:00:00 GMT</pubDate>')
    expect(text(files.get('robots.txt'))).toBe(
      'User-agent: *\nAllow: /\n\nSitemap: https://www.acme.test/sitemap.xml\n',
    )
  })

  it('uses the first page in order as home when no page is called home, and the blog without pages', () => {
    const site = sampleSite()
    const noHome = renderSite(
      { ...site, pages: site.pages.filter((p) => p.slug !== 'home') },
      SAMPLE_OPTIONS,
    )
    expect(text(noHome.files.get('index.html'))).toContain('<h1>About</h1>')
    expect(noHome.files.has('about/index.html')).toBe(false)
    expect(noHome.files.has('about/team/index.html')).toBe(true)
    const blogOnly = renderSite({ ...site, pages: [] }, SAMPLE_OPTIONS)
    const home = text(blogOnly.files.get('index.html'))
    expect(home).toContain('class="t-blog"')
    expect(home).toContain('href="blog/page/1/"')
  })

  it('leaves out documents whose URL the site itself uses, and says so', () => {
    const site = sampleSite()
    const result = renderSite(
      {
        ...site,
        pages: [...site.pages, { ...site.pages[7]!, id: 99, slug: 'blog', order: 'a9' }],
        posts: [...site.posts, post(50, { slug: 'page' }), post(51, { slug: 'post-1' })],
      },
      SAMPLE_OPTIONS,
    )
    expect(result.warnings).toEqual([
      "page 99: /blog/ is the site's own; left out",
      'post 150: slug "page" cannot be a post\'s URL; left out',
      "post 151: blog/post-1/ is another post's; left out",
    ])
    expect(brokenLinks(result.files)).toEqual([])
  })

  it('is deterministic, and renders only the paths asked for', () => {
    const again = renderSite(sampleSite(), SAMPLE_OPTIONS)
    expect([...again.files]).toEqual([...files])
    const shuffled = sampleSite()
    shuffled.pages.reverse()
    shuffled.posts.reverse()
    expect([...renderSite(shuffled, SAMPLE_OPTIONS).files].sort()).toEqual([...files].sort())
    // two posts with one slug and one date: the older keeps the URL, whatever the input order
    const twins = [post(1, { id: 7, title: 'Older' }), post(1, { id: 9, title: 'Newer' })]
    for (const posts of [twins, [...twins].reverse()]) {
      const result = renderSite({ ...sampleSite(), posts }, SAMPLE_OPTIONS)
      expect(text(result.files.get('blog/post-1/index.html'))).toContain('<h1>Older</h1>')
      expect(result.warnings).toEqual(["post 9: blog/post-1/ is another post's; left out"])
    }
    const some = renderSite(sampleSite(), SAMPLE_OPTIONS, ['blog/post-2/index.html', 'feed.xml'])
    expect([...some.files.keys()]).toEqual(['blog/post-2/index.html', 'feed.xml'])
    expect(some.files.get('feed.xml')).toEqual(files.get('feed.xml'))
    expect(() => renderSite(sampleSite(), SAMPLE_OPTIONS, ['nope.html'])).toThrow(
      'no file "nope.html"',
    )
  })

  it('needs an absolute base URL when the site has no domain', () => {
    const site = { ...sampleSite(), settings: { ...sampleSite().settings, domain: null } }
    expect(() => renderSite(site)).toThrow('pass options.baseUrl')
    const result = renderSite(site, {
      ...SAMPLE_OPTIONS,
      baseUrl: 'https://cms.example.com/sites/acme/',
    })
    expect(text(result.files.get('sitemap.xml'))).toContain(
      '<loc>https://cms.example.com/sites/acme/about/</loc>',
    )
  })
})

describe('stable pagination', () => {
  // 57 posts, 5 per page: the blog's front shows the newest 7 ([57–51]), pages 10 … 1 hold
  // [50–46] … [5–1]; the categories (a third of the posts each) and the tag have pages of their own.
  const many = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      post(i + 1, {
        publishedAt: new Date(Date.UTC(2026, 0, 1, i + 1)).toISOString(),
        categories: [{ slug: `c${(i + 1) % 3}`, name: `C${(i + 1) % 3}` }],
        tags: (i + 1) % 2 ? [{ slug: 'odd', name: 'Odd' }] : [],
      }),
    )
  const siteOf = (posts: ReturnType<typeof many>) => ({ ...sampleSite(), posts })
  const bucketPages = (files: RenderedSite): string[] =>
    [...files.keys()].filter((path) => /\/page\/\d+\/index\.html$/.test(path)).sort()

  it('numbers listing pages from the oldest post: each post once, the front shows the newest', async () => {
    const files = renderSite(siteOf(many(57)), SAMPLE_OPTIONS).files
    expect(brokenLinks(files)).toEqual([])
    expect(bucketPages(files).filter((path) => path.startsWith('blog/page/'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `blog/page/${i + 1}/index.html`).sort(),
    )
    const titles = (path: string) =>
      [...text(files.get(path)).matchAll(/<h2><a href="[^"]*">Post number (\d+)<\/a>/g)].map(
        ([, n]) => Number(n),
      )
    expect(titles('blog/index.html')).toEqual([57, 56, 55, 54, 53, 52, 51])
    expect(titles('blog/page/10/index.html')).toEqual([50, 49, 48, 47, 46])
    expect(titles('blog/page/1/index.html')).toEqual([5, 4, 3, 2, 1])
    // Read from the front through "Older posts", every post comes once, newest first.
    const seen: number[] = []
    let at: string | null = 'blog/index.html'
    while (at) {
      seen.push(...titles(at))
      const older: string | undefined = /<a href="([^"]*)" rel="next">Older posts<\/a>/.exec(
        text(files.get(at)),
      )?.[1]
      at = older ? resolve(at, older) : null
    }
    expect(seen).toEqual(Array.from({ length: 57 }, (_, i) => 57 - i))
    expect(text(files.get('blog/page/10/index.html'))).toContain(
      '<a href="../../" rel="prev">Newer posts</a>',
    )
    expect(text(files.get('blog/page/1/index.html'))).not.toContain('rel="next"')
  })

  it('numbers archive pages the same way, each valid HTML', async () => {
    const files = renderSite(siteOf(many(57)), SAMPLE_OPTIONS).files
    // c0: posts 3, 6, … 57 (19): the front [57 … 33] (9), pages 2 [30 … 18], 1 [15 … 3]
    expect(bucketPages(files).filter((path) => path.startsWith('blog/category/c0/'))).toEqual([
      'blog/category/c0/page/1/index.html',
      'blog/category/c0/page/2/index.html',
    ])
    const page2 = text(files.get('blog/category/c0/page/2/index.html'))
    expect(page2).toContain('<a href="../../" rel="prev">Newer posts</a>')
    expect(page2).toContain('<a href="../1/" rel="next">Older posts</a>')
    expect(page2).toContain('<meta name="robots" content="noindex"/>')
    expect(text(files.get('blog/category/c0/index.html'))).toContain(
      '<a href="page/2/" rel="next">Older posts</a>',
    )
    for (const path of bucketPages(files)) {
      const report = await validator.validateString(text(files.get(path)), path)
      expect(report.results.flatMap((result) => result.messages.map((m) => m.message))).toEqual([])
    }
  })
})
