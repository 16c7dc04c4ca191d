/**
 * A sample hosted site for tests (and the screenshots to come): every template, a nested page
 * tree, enough posts for two pages of listings, categories, tags, images with Payload's sizes,
 * and bodies with the links and images `lexicalToHtml` writes.
 */
import type { SiteImage, SiteInput, SitePage, SitePost, TemplateName } from './types'

export const CMS_URL = 'https://cms.example.com'

export const image = (id: number, name: string, alt = `Picture ${id}`): SiteImage => ({
  id,
  alt,
  original: {
    filename: `${name}.jpg`,
    width: 2400,
    height: 1600,
    mimeType: 'image/jpeg',
    url: `${CMS_URL}/api/media/file/${name}.jpg`,
  },
  sizes: [
    {
      filename: `${name}-400x267.jpg`,
      width: 400,
      height: 267,
      mimeType: 'image/jpeg',
      url: `${CMS_URL}/api/media/file/${name}-400x267.jpg`,
    },
    {
      filename: `${name}-768x512.jpg`,
      width: 768,
      height: 512,
      mimeType: 'image/jpeg',
      url: `${CMS_URL}/api/media/file/${name}-768x512.jpg`,
    },
    {
      filename: `${name}-1600x1067.jpg`,
      width: 1600,
      height: 1067,
      mimeType: 'image/jpeg',
      url: `${CMS_URL}/api/media/file/${name}-1600x1067.jpg`,
    },
  ],
})

const body = (title: string, extra = ''): string =>
  `<h2>About ${title}</h2><p>Some <strong>text</strong> about ${title}, with a <a href="https://example.org/">link out</a>.</p>` +
  `<ul><li>One</li><li>Two</li></ul>${extra}`

export const page = (
  id: number,
  slug: string,
  options: {
    parent?: number
    order: string
    template?: TemplateName
    html?: string
    image?: SiteImage
    title?: string
  },
): SitePage => ({
  id,
  title:
    options.title ??
    slug.replace(
      /(^|-)(\w)/g,
      (_m, sep: string, ch: string) => `${sep ? ' ' : ''}${ch.toUpperCase()}`,
    ),
  slug,
  parent: options.parent ?? null,
  order: options.order,
  template: options.template ?? 'default',
  html: options.html ?? body(slug),
  meta: { title: null, description: `The ${slug} page.`, image: null },
  image: options.image ?? null,
  publishedAt: '2026-01-01T09:00:00.000Z',
  updatedAt: '2026-01-02T09:00:00.000Z',
})

export const post = (n: number, options: Partial<SitePost> = {}): SitePost => ({
  id: 100 + n,
  title: `Post number ${n}`,
  slug: `post-${n}`,
  html: body(`post ${n}`),
  excerpt: `What post ${n} is about.`,
  publishedAt: new Date(Date.UTC(2026, 0, 1 + n, 12)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 0, 1 + n, 13)).toISOString(),
  categories: [n % 2 === 0 ? { slug: 'even', name: 'Even' } : { slug: 'odd', name: 'Odd' }],
  tags: n % 3 === 0 ? [{ slug: 'three', name: 'Three' }] : [],
  image: n % 4 === 0 ? image(1000 + n, `post-${n}`) : null,
  meta: null,
  ...options,
})

/** The site: 8 pages (all templates, two levels), 12 posts. */
export function sampleSite(): SiteInput {
  const inline = image(900, 'inline', 'A diagram')
  const hero = image(901, 'hero', 'People at work')
  return {
    settings: {
      name: 'Acme & Sons',
      tagline: 'Things, made well',
      description: 'A sample site',
      logo: {
        id: 902,
        alt: 'Acme logo',
        original: { filename: 'logo.png', width: 240, height: 80, mimeType: 'image/png' },
      },
      locale: 'en-GB',
      timeZone: 'Europe/London',
      domain: 'www.acme.test',
    },
    pages: [
      page(1, 'home', { order: 'a0', template: 'landing', image: hero, title: 'Welcome' }),
      page(2, 'about', {
        order: 'a1',
        template: 'full-width',
        html: body(
          'about',
          `<p><img src="${CMS_URL}/api/media/file/inline.jpg" alt="A diagram" width="2400" height="1600" /></p><p>See <a href="${CMS_URL}/team">our team</a> and <a href="${CMS_URL}/post-3">post 3</a>.</p>`,
        ),
      }),
      page(3, 'team', { parent: 2, order: 'a0', template: 'sidebar' }),
      page(4, 'history', { parent: 2, order: 'a1' }),
      page(5, 'founders', { parent: 4, order: 'a0' }),
      page(6, 'contact', { order: 'a3', template: 'contact' }),
      page(7, 'services', { order: 'a2', template: 'landing', image: hero }),
      page(8, 'privacy', { order: 'a4', template: 'default' }),
    ],
    posts: Array.from({ length: 12 }, (_, i) => post(i + 1)),
    media: [inline],
  }
}

export const SAMPLE_OPTIONS = { postsPerPage: 5, cmsUrl: CMS_URL }
