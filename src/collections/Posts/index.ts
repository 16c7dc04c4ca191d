import type { CollectionConfig } from 'payload'

import { editorListFilter, siteContentAccess } from '@/access'
import { publishedAtField } from '@/fields/publishedAt'
import { withinSite } from '@/fields/sameSite'
import { siteField } from '@/fields/site'
import { slugField } from '@/fields/slug'
import { explainDuplicateSlug } from '@/hooks/explainDuplicateSlug'
import { restrictToAssignedSites } from '@/hooks/restrictToAssignedSites'
import { setPublishedAt } from '@/hooks/setPublishedAt'

export const Posts: CollectionConfig = {
  slug: 'posts',
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'site', '_status', 'publishedAt', 'updatedAt'],
    baseFilter: editorListFilter('site'),
  },
  access: siteContentAccess({ drafts: true }),
  versions: { drafts: { schedulePublish: true }, maxPerDoc: 50 },
  indexes: [{ fields: ['site', 'slug'], unique: true }],
  defaultSort: '-publishedAt',
  hooks: {
    beforeValidate: [restrictToAssignedSites],
    beforeChange: [setPublishedAt],
    afterError: [explainDuplicateSlug('post')],
  },
  fields: [
    { name: 'title', type: 'text', required: true },
    siteField(),
    slugField({ noun: 'post' }),
    { name: 'excerpt', type: 'textarea' },
    { name: 'content', type: 'richText' },
    {
      name: 'featuredImage',
      type: 'upload',
      relationTo: 'media',
      ...withinSite('media'),
      admin: { position: 'sidebar' },
    },
    {
      name: 'categories',
      type: 'relationship',
      relationTo: 'categories',
      hasMany: true,
      ...withinSite('categories'),
      admin: { position: 'sidebar' },
    },
    {
      name: 'tags',
      type: 'relationship',
      relationTo: 'tags',
      hasMany: true,
      ...withinSite('tags'),
      admin: { position: 'sidebar' },
    },
    {
      name: 'authors',
      type: 'relationship',
      relationTo: 'users',
      hasMany: true,
      defaultValue: ({ user }) => (user ? [user.id] : []),
      admin: { position: 'sidebar' },
    },
    publishedAtField(),
  ],
}
