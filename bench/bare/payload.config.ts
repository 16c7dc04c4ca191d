/**
 * A bare Payload with Syndicate's content model, for `npm run bench:read` only: the same
 * collections and fields (sites, pages, posts, media, categories, tags, users, the SEO group and
 * `lastEditedBy`), as plain collections, with none of our plugins, hooks or validators. The public
 * reads published documents, as in Syndicate. Its schema is pushed by the bench (development push).
 */
import type { Access, CollectionConfig, Field } from 'payload'

import { postgresAdapter } from '@payloadcms/db-postgres'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'path'
import { buildConfig } from 'payload'
import sharp from 'sharp'
import { fileURLToPath } from 'url'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const publishedOrSignedIn: Access = ({ req }) =>
  req.user ? true : { _status: { equals: 'published' } }
const open = { read: () => true }

const site: Field = {
  name: 'site',
  type: 'relationship',
  relationTo: 'sites',
  required: true,
  index: true,
}
const slug: Field = { name: 'slug', type: 'text', index: true }
const seo: Field = {
  name: 'meta',
  type: 'group',
  fields: [
    { name: 'title', type: 'text' },
    { name: 'description', type: 'textarea' },
    { name: 'image', type: 'upload', relationTo: 'media' },
  ],
}
const lastEditedBy: Field = { name: 'lastEditedBy', type: 'relationship', relationTo: 'users' }

const taxonomy = (name: string): CollectionConfig => ({
  slug: name,
  access: open,
  fields: [{ name: 'name', type: 'text', required: true }, site, slug],
})

const content = (
  name: string,
  fields: Field[],
  extra: Partial<CollectionConfig> = {},
): CollectionConfig => ({
  slug: name,
  ...extra,
  access: { read: publishedOrSignedIn },
  versions: { drafts: true, maxPerDoc: 50 },
  defaultSort: '-publishedAt',
  fields: [
    { name: 'title', type: 'text', required: true },
    site,
    slug,
    ...fields,
    { name: 'publishedAt', type: 'date' },
    seo,
    lastEditedBy,
  ],
})

export default buildConfig({
  secret: process.env.PAYLOAD_SECRET || 'bench-bare-secret',
  collections: [
    {
      slug: 'sites',
      access: open,
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'slug', type: 'text', unique: true },
        { name: 'domain', type: 'text' },
        { name: 'siteType', type: 'select', defaultValue: 'blog', options: ['blog', 'corporate'] },
        {
          name: 'hostingType',
          type: 'select',
          defaultValue: 'hosted',
          options: ['hosted', 'wordpress', 'shopify', 'headless', 'multi'],
        },
        {
          name: 'settings',
          type: 'group',
          fields: [
            { name: 'tagline', type: 'text' },
            { name: 'description', type: 'textarea' },
            { name: 'logo', type: 'upload', relationTo: 'media' },
            { name: 'locale', type: 'text', defaultValue: 'en' },
            { name: 'timezone', type: 'text', defaultValue: 'UTC' },
            {
              name: 'defaultTemplate',
              type: 'select',
              defaultValue: 'default',
              options: ['default', 'landing'],
            },
          ],
        },
        { name: 'pages', type: 'join', collection: 'pages', on: 'site' },
        { name: 'posts', type: 'join', collection: 'posts', on: 'site' },
      ],
    },
    content(
      'pages',
      [
        {
          name: 'template',
          type: 'select',
          defaultValue: 'default',
          options: ['default', 'landing'],
        },
        { name: 'parent', type: 'relationship', relationTo: 'pages' },
        { name: 'content', type: 'richText' },
      ],
      // As Syndicate's pages: `_order`, which the Site Manager sorts the tree by.
      { orderable: true },
    ),
    content('posts', [
      { name: 'excerpt', type: 'textarea' },
      { name: 'content', type: 'richText' },
      { name: 'featuredImage', type: 'upload', relationTo: 'media' },
      { name: 'categories', type: 'relationship', relationTo: 'categories', hasMany: true },
      { name: 'tags', type: 'relationship', relationTo: 'tags', hasMany: true },
      { name: 'authors', type: 'relationship', relationTo: 'users', hasMany: true },
    ]),
    {
      slug: 'media',
      access: open,
      // As Syndicate's media (src/collections/Media.ts): the sizes and focal point are part of
      // every answer that populates an image.
      upload: {
        staticDir: process.env.MEDIA_DIR || path.resolve(dirname, '.media'),
        mimeTypes: ['image/*', 'application/pdf', 'video/*'],
        adminThumbnail: 'thumbnail',
        focalPoint: true,
        imageSizes: [
          { name: 'thumbnail', width: 400, withoutEnlargement: true },
          { name: 'card', width: 768, withoutEnlargement: true },
          { name: 'hero', width: 1600, withoutEnlargement: true },
        ],
      },
      fields: [
        { name: 'alt', type: 'text', required: true },
        { name: 'caption', type: 'text' },
        site,
        // What @payloadcms/storage-s3 adds to Syndicate's media (alwaysInsertFields, src/config/storage.ts).
        { name: 'prefix', type: 'text' },
        { name: '_objectKey', type: 'text' },
      ],
    },
    taxonomy('categories'),
    taxonomy('tags'),
    {
      slug: 'users',
      auth: { useAPIKey: true },
      fields: [
        { name: 'name', type: 'text' },
        { name: 'roles', type: 'select', hasMany: true, options: ['admin', 'editor'] },
        { name: 'sites', type: 'relationship', relationTo: 'sites', hasMany: true },
      ],
    },
  ],
  editor: lexicalEditor(),
  sharp,
  db: postgresAdapter({ pool: { connectionString: process.env.DATABASE_URI || '' } }),
  typescript: { autoGenerate: false },
})
