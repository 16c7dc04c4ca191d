import { postgresAdapter } from '@payloadcms/db-postgres'
import { seoPlugin } from '@payloadcms/plugin-seo'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import path from 'path'
import { buildConfig } from 'payload'
import sharp from 'sharp'
import { fileURLToPath } from 'url'

import { migrations } from './migrations'
import { shopifyAdapterPlugin } from './plugins/adapter-shopify'
import { sitesAdapterPlugin } from './plugins/adapter-sites'
import { webhookAdapterPlugin } from './plugins/adapter-webhook'
import { wordpressAdapterPlugin } from './plugins/adapter-wordpress'
import { publishingPlugin } from './plugins/publishing/exports/server'
import { jobsAccess } from './src/access/jobs'
import { lockDownSystemCollections } from './src/access/systemCollections'
import { Categories } from './src/collections/Categories'
import { Media } from './src/collections/Media'
import { Pages } from './src/collections/Pages'
import { Posts } from './src/collections/Posts'
import { Sites } from './src/collections/Sites'
import { Tags } from './src/collections/Tags'
import { Users } from './src/collections/Users'
import { databaseUri, payloadSecret } from './src/config/env'
import { logger, loggingLevels } from './src/config/logging'
import { publishingOptions } from './src/config/publishing'
import { seoOptions } from './src/config/seo'
import { mediaStorage } from './src/config/storage'
import { inputGuard } from './src/plugins/inputGuard'
import { readCachePlugin } from './src/plugins/readCache'

const dirname = path.dirname(fileURLToPath(import.meta.url))

// Payload's lock and preference collections exist only once the config is built: see systemCollections.
export default buildConfig({
  serverURL: process.env.SERVER_URL || undefined,
  secret: payloadSecret(),
  admin: {
    user: Users.slug,
    importMap: { baseDir: dirname },
    meta: { titleSuffix: ' · Syndicate' },
    // Gravatar needs the network, which self-hosted installations may not have.
    avatar: 'default',
    components: {
      afterNavLinks: ['/src/admin/site-manager/NavLink.client.tsx#SiteManagerNavLink'],
      views: {
        siteManager: {
          Component: '/src/admin/site-manager/SiteManagerView.tsx#SiteManagerView',
          path: '/site-manager',
          exact: true,
        },
        siteManagerSite: {
          Component: '/src/admin/site-manager/SiteManagerView.tsx#SiteManagerView',
          path: '/site-manager/:siteId',
        },
      },
    },
  },
  collections: [Sites, Pages, Posts, Media, Categories, Tags, Users],
  editor: lexicalEditor(),
  db: postgresAdapter({
    pool: { connectionString: databaseUri() },
    push: false,
    migrationDir: path.resolve(dirname, 'migrations'),
    // `npm start` migrates before serving; this covers a bare `node server.js` (the Docker image).
    prodMigrations: migrations,
  }),
  plugins: [
    seoPlugin(seoOptions),
    // Uploads on S3-compatible storage when S3_BUCKET is set, else on local disk.
    mediaStorage(),
    publishingPlugin(publishingOptions),
    // Destinations: one adapter plugin per platform, after publishingPlugin().
    webhookAdapterPlugin(),
    wordpressAdapterPlugin(),
    shopifyAdapterPlugin(),
    sitesAdapterPlugin(),
    // After every plugin that adds collections: it watches all of them for changes.
    readCachePlugin({ collections: ['pages', 'posts', 'media', 'categories', 'tags', 'sites'] }),
    // Last, so that it guards every collection the plugins above add.
    inputGuard(),
  ],
  // Closed: deliveries run only through our runner (see src/access/jobs.ts).
  jobs: { access: jobsAccess },
  sharp,
  // User mistakes (4xx) are logged at info without a stack; server errors stay at error.
  logger,
  loggingLevels,
  typescript: { outputFile: path.resolve(dirname, 'src/payload-types.ts') },
}).then(lockDownSystemCollections)
