import type { CollectionConfig } from 'payload'

import { adminOnly, editorListFilter, updateOwnSites } from '@/access'
import { fillSlugFrom, requireSlug } from '@/fields/slug'
import { PAGE_TEMPLATES } from '@/fields/template'

import { refuseWhileOwned } from './hooks/refuseWhileOwned'

const isTimeZone = (value: unknown): true | string => {
  if (value === null || value === undefined || value === '') return true
  try {
    new Intl.DateTimeFormat('en', { timeZone: String(value) })
    return true
  } catch {
    return `"${String(value)}" is not a time zone. Use an IANA name such as "Europe/Paris" or "UTC".`
  }
}

const isDomain = (value: unknown): true | string => {
  if (value === null || value === undefined || value === '') return true
  return /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(String(value))
    ? true
    : `"${String(value)}" is not a domain name. Enter a host such as "www.example.com", without https://.`
}

export const Sites: CollectionConfig = {
  slug: 'sites',
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'domain', 'siteType', 'hostingType'],
    baseFilter: editorListFilter('id'),
  },
  access: {
    read: () => true,
    create: adminOnly,
    update: updateOwnSites,
    delete: adminOnly,
  },
  hooks: { beforeDelete: [refuseWhileOwned] },
  fields: [
    { name: 'name', type: 'text', required: true },
    {
      name: 'slug',
      type: 'text',
      unique: true,
      validate: (value: unknown) => requireSlug(value, 'site'),
      index: true,
      hooks: { beforeValidate: [fillSlugFrom('name')] },
      admin: { position: 'sidebar', description: 'Made from the name when left empty.' },
    },
    { name: 'domain', type: 'text', validate: isDomain },
    {
      name: 'siteType',
      type: 'select',
      defaultValue: 'blog',
      options: ['blog', 'ecommerce', 'corporate', 'portfolio', 'landing', 'docs', 'custom'],
    },
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
        {
          name: 'logo',
          type: 'upload',
          relationTo: 'media',
          // A site's logo is one of its own images; a new site has none yet.
          filterOptions: ({ id }) => (id === undefined ? false : { site: { equals: id } }),
        },
        { name: 'locale', type: 'text', defaultValue: 'en' },
        { name: 'timezone', type: 'text', defaultValue: 'UTC', validate: isTimeZone },
        {
          name: 'defaultTemplate',
          type: 'select',
          defaultValue: 'default',
          options: [...PAGE_TEMPLATES],
        },
      ],
    },
    { name: 'pages', type: 'join', collection: 'pages', on: 'site' },
    { name: 'posts', type: 'join', collection: 'posts', on: 'site' },
  ],
}
