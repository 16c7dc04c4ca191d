import type { CollectionConfig } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { adminsOnly, siteMembers, withinSite } from '../access'
import { INTEGRATIONS, RULES } from '../defaults'

/**
 * Which content goes where, per site. A site with no enabled rule sends every published page and
 * post to every active integration of the site. Editors read rules; admins write them.
 */
export const publishingRulesCollection = (
  options: ResolvedPublishingOptions,
): CollectionConfig => ({
  slug: RULES,
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'site', 'enabled', 'trigger', 'remoteStatus', 'unpublishAction'],
    group: 'Publishing',
  },
  access: {
    read: siteMembers(options.access),
    create: adminsOnly(options.access),
    update: adminsOnly(options.access),
    delete: adminsOnly(options.access),
  },
  fields: [
    { name: 'site', type: 'relationship', relationTo: 'sites', required: true, index: true },
    { name: 'name', type: 'text', required: true },
    { name: 'enabled', type: 'checkbox', defaultValue: true },
    {
      name: 'collections',
      type: 'select',
      hasMany: true,
      options: options.collections,
      admin: {
        description: `Which content this rule sends. Empty: ${[...options.traits.values()].map((t) => t.plural.toLowerCase()).join(' and ')}.`,
      },
    },
    {
      type: 'collapsible',
      label: 'Conditions (any of them; none set: everything)',
      fields: [
        {
          name: 'categories',
          type: 'relationship',
          relationTo: 'categories',
          hasMany: true,
          ...withinSite('categories'),
        },
        {
          name: 'tags',
          type: 'relationship',
          relationTo: 'tags',
          hasMany: true,
          ...withinSite('tags'),
        },
        {
          name: 'templates',
          type: 'select',
          hasMany: true,
          options: ['default', 'landing', 'full-width', 'sidebar', 'contact'],
          admin: { description: 'Page templates.' },
        },
      ],
    },
    {
      name: 'destinations',
      type: 'relationship',
      relationTo: INTEGRATIONS,
      hasMany: true,
      required: true,
      ...withinSite(INTEGRATIONS),
    },
    {
      name: 'trigger',
      type: 'select',
      defaultValue: 'onPublish',
      options: [
        { label: 'When published', value: 'onPublish' },
        { label: 'Only when asked ("Publish now")', value: 'manual' },
      ],
    },
    {
      name: 'remoteStatus',
      type: 'select',
      defaultValue: 'publish',
      options: [
        { label: 'Live', value: 'publish' },
        { label: 'Draft at the destination', value: 'draft' },
      ],
    },
    {
      name: 'unpublishAction',
      type: 'select',
      defaultValue: 'unpublish',
      options: [
        { label: 'Unpublish the remote copy', value: 'unpublish' },
        { label: 'Delete the remote copy', value: 'delete' },
        { label: 'Keep the remote copy', value: 'keep' },
      ],
    },
  ],
})
