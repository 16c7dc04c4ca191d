import type { CollectionConfig } from 'payload'

import path from 'path'

import { editorListFilter, siteContentAccess } from '@/access'
import { siteField } from '@/fields/site'
import { restrictToAssignedSites } from '@/hooks/restrictToAssignedSites'

/** Uploads live on local disk: `MEDIA_DIR`, or `.data/media` under the working directory. */
const mediaDir = (): string =>
  path.resolve(/* turbopackIgnore: true */ process.env.MEDIA_DIR || '.data/media')

export const Media: CollectionConfig = {
  slug: 'media',
  admin: {
    useAsTitle: 'alt',
    defaultColumns: ['filename', 'alt', 'site', 'updatedAt'],
    baseFilter: editorListFilter('site'),
  },
  access: siteContentAccess({ drafts: false }),
  hooks: { beforeValidate: [restrictToAssignedSites] },
  upload: {
    staticDir: mediaDir(),
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
    {
      name: 'alt',
      type: 'text',
      required: true,
      admin: { description: 'Describes the image for people who cannot see it.' },
    },
    { name: 'caption', type: 'text' },
    siteField(),
  ],
}
