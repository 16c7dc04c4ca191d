import type { SEOPluginConfig } from '@payloadcms/plugin-seo/types'

type Titled = { title?: unknown; excerpt?: unknown }

/** SEO `meta` (title, description, image) on pages and posts, with sensible generated defaults. */
export const seoOptions: SEOPluginConfig = {
  collections: ['pages', 'posts'],
  uploadsCollection: 'media',
  tabbedUI: false,
  generateTitle: ({ doc }) => String((doc as Titled)?.title ?? ''),
  generateDescription: ({ doc }) => String((doc as Titled)?.excerpt ?? ''),
}
