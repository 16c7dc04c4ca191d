import type { DestinationAdapter } from '@plugins/publishing/exports/server'

import type { WordPressConfig, WordPressCredentials } from './client'

import { findExisting } from './findExisting'
import { getRemote } from './getRemote'
import { listChanges } from './listChanges'
import { WORDPRESS_COLLECTIONS } from './mapping'
import { publish } from './publish'
import { testConnection } from './testConnection'
import { unpublish } from './unpublish'

/**
 * A self-hosted WordPress site (or any WordPress with the REST API and Application Passwords,
 * WordPress 5.6 or later): posts and pages, their categories and tags, and their images copied
 * into the media library. Two-way sync: `listChanges` (listChanges.ts) and `getRemote`.
 */
export const wordpressAdapter: DestinationAdapter<WordPressConfig, WordPressCredentials> = {
  platform: 'wordpress',
  label: 'WordPress',
  platformType: 'cms',
  description:
    'Publishes posts and pages, with their categories, tags and images, to a WordPress site over its REST API.',
  configFields: [
    {
      name: 'siteUrl',
      label: 'Site URL',
      type: 'url',
      required: true,
      description: 'The address of the WordPress site, e.g. https://blog.example.com.',
    },
    {
      name: 'pageTemplates',
      label: 'Page templates',
      type: 'text',
      required: false,
      description:
        "Our page templates mapped to the theme's template files, e.g. landing=page-templates/landing.php, full-width=templates/wide.php. Unmapped ones go to the theme's template of the same name, when it has one.",
    },
  ],
  credentialFields: [
    {
      name: 'username',
      label: 'Username',
      type: 'text',
      required: true,
      description:
        'A WordPress user who may publish posts and pages and upload files (e.g. an Editor).',
    },
    {
      name: 'applicationPassword',
      label: 'Application Password',
      type: 'secret',
      required: true,
      description:
        "Created under Users → Profile → Application Passwords; not the user's login password.",
    },
  ],
  capabilities: { drafts: true, delete: true, findExisting: true, pull: true },
  collections: WORDPRESS_COLLECTIONS,
  testConnection,
  publish,
  unpublish,
  findExisting,
  listChanges,
  getRemote,
}
