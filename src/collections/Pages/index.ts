import type { CollectionConfig } from 'payload'

import { editorListFilter, siteContentAccess } from '@/access'
import { publishedAtField } from '@/fields/publishedAt'
import { withinSite } from '@/fields/sameSite'
import { siteField } from '@/fields/site'
import { slugField } from '@/fields/slug'
import { PAGE_TEMPLATES } from '@/fields/template'
import { explainDuplicateSlug } from '@/hooks/explainDuplicateSlug'
import { restrictToAssignedSites } from '@/hooks/restrictToAssignedSites'
import { setPublishedAt } from '@/hooks/setPublishedAt'

export const Pages: CollectionConfig = {
  slug: 'pages',
  orderable: true,
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'site', 'template', '_status', 'updatedAt'],
    baseFilter: editorListFilter('site'),
  },
  access: siteContentAccess({ drafts: true }),
  versions: { drafts: { schedulePublish: true }, maxPerDoc: 50 },
  indexes: [{ fields: ['site', 'slug'], unique: true }],
  hooks: {
    beforeValidate: [restrictToAssignedSites],
    beforeChange: [setPublishedAt],
    afterError: [explainDuplicateSlug('page')],
  },
  fields: [
    { name: 'title', type: 'text', required: true },
    siteField(),
    slugField({ noun: 'page' }),
    {
      name: 'template',
      type: 'select',
      defaultValue: 'default',
      options: [...PAGE_TEMPLATES],
      admin: { position: 'sidebar' },
    },
    {
      name: 'parent',
      type: 'relationship',
      relationTo: 'pages',
      ...withinSite('pages', { excludeSelf: true }),
      admin: { position: 'sidebar', description: 'A page of the same site this page sits under.' },
    },
    { name: 'content', type: 'richText' },
    publishedAtField(),
  ],
}
