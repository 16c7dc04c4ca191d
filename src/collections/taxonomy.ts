import type { CollectionConfig } from 'payload'

import { editorListFilter, siteContentAccess } from '@/access'
import { siteField } from '@/fields/site'
import { slugField } from '@/fields/slug'
import { explainDuplicateSlug } from '@/hooks/explainDuplicateSlug'
import { restrictToAssignedSites } from '@/hooks/restrictToAssignedSites'

/** A flat, per-site taxonomy (categories, tags): a name and a slug unique within the site. */
export const taxonomy = ({ slug, noun }: { slug: string; noun: string }): CollectionConfig => ({
  slug,
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'slug', 'site'],
    baseFilter: editorListFilter('site'),
  },
  access: siteContentAccess({ drafts: false }),
  indexes: [{ fields: ['site', 'slug'], unique: true }],
  hooks: {
    beforeValidate: [restrictToAssignedSites],
    afterError: [explainDuplicateSlug(noun)],
  },
  fields: [
    { name: 'name', type: 'text', required: true },
    siteField(),
    slugField({ from: 'name', noun }),
  ],
})
