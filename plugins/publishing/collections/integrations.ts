import type { CollectionConfig } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { adminsOnly, siteMembers } from '../access'
import { COMPONENTS } from '../admin/components'
import { BULK_STATUSES, CONFLICT_POLICIES, INTEGRATIONS } from '../defaults'
import { hideCredentials } from '../hooks/hideCredentials'
import { prepareIntegration } from '../hooks/prepareIntegration'
import { sealCredentials } from '../hooks/sealCredentials'

/**
 * A connection from a site to one destination. `config` holds the adapter's declared settings;
 * `credentials` is write-only: sealed with the key ring into `credentialsSealed` on save, and never
 * returned by any API (only `hasCredentials` says whether they are set).
 */
export const integrationsCollection = (options: ResolvedPublishingOptions): CollectionConfig => ({
  slug: INTEGRATIONS,
  admin: {
    useAsTitle: 'name',
    defaultColumns: ['name', 'site', 'platform', 'status'],
    group: 'Publishing',
  },
  access: {
    read: siteMembers(options.access),
    create: adminsOnly(options.access),
    update: adminsOnly(options.access),
    delete: adminsOnly(options.access),
  },
  hooks: {
    beforeValidate: [prepareIntegration],
    beforeChange: [sealCredentials],
    afterRead: [hideCredentials],
  },
  fields: [
    { name: 'site', type: 'relationship', relationTo: 'sites', required: true, index: true },
    { name: 'name', type: 'text', required: true },
    {
      name: 'platform',
      type: 'text',
      required: true,
      index: true,
      admin: {
        description: 'The destination platform, e.g. "webhook". Fixed once created.',
        components: { Field: COMPONENTS.platformField },
      },
    },
    {
      name: 'platformType',
      type: 'select',
      options: ['cms', 'ecommerce', 'hosted', 'custom_api'],
      // Shown with the platform's name by the platform field.
      admin: { readOnly: true, hidden: true },
    },
    {
      name: 'config',
      type: 'json',
      admin: {
        description: "The destination's settings, as its platform declares them.",
        components: { Field: COMPONENTS.configField },
      },
    },
    {
      name: 'credentials',
      type: 'json',
      virtual: true,
      admin: {
        description: 'Write-only. Saving new credentials replaces the old ones.',
        components: { Field: COMPONENTS.credentialsField },
      },
    },
    {
      name: 'credentialsSealed',
      type: 'text',
      hidden: true,
      access: { read: () => false, create: () => false, update: () => false },
    },
    {
      name: 'hasCredentials',
      type: 'checkbox',
      defaultValue: false,
      admin: { readOnly: true, hidden: true },
    },
    {
      // Status, last sync and error, "Test connection" and "Sync now"; also the list's status column.
      name: 'status',
      type: 'ui',
      label: 'Status',
      admin: {
        position: 'sidebar',
        components: { Field: COMPONENTS.integrationPanel, Cell: COMPONENTS.integrationStatusCell },
      },
    },
    { name: 'isActive', type: 'checkbox', defaultValue: true },
    { name: 'syncEnabled', type: 'checkbox', defaultValue: false },
    {
      // Two-way by default: with sync on, remote edits come in and local ones go out.
      name: 'syncDirection',
      type: 'select',
      defaultValue: 'both',
      options: ['push', 'pull', 'both'],
      admin: {
        description:
          'push: sync never writes documents here from remote edits (it still records them, so deliveries do not overwrite them); pull: sync never delivers; both.',
      },
    },
    { name: 'syncIntervalMinutes', type: 'number', defaultValue: 15, min: 1 },
    {
      name: 'importRemoteContent',
      type: 'checkbox',
      defaultValue: true,
      admin: {
        description: `Sync brings in ${[...options.traits.values()].map((c) => c.plural.toLowerCase()).join(' and ')} created at the destination as new documents of this site.`,
      },
    },
    {
      name: 'conflictPolicy',
      type: 'select',
      defaultValue: 'manual',
      options: [...CONFLICT_POLICIES],
      admin: {
        description:
          'When a document changed both here and at the destination: manual (the record waits for someone to choose), prefer-local or prefer-remote.',
      },
    },
    {
      // Per collection, the modification time of the newest remote change stored: `{ posts, pages }`.
      name: 'syncCursor',
      type: 'json',
      access: { create: () => false, update: () => false },
      // Bookkeeping, not for the form: the status panel says when the last sync ran and what it did.
      admin: {
        readOnly: true,
        hidden: true,
        description: 'The last remote change processed, per collection. Set by sync only.',
      },
    },
    // The status panel (sidebar) shows these four in words; the raw fields stay in the API.
    { name: 'lastSyncAt', type: 'date', admin: { readOnly: true, hidden: true } },
    {
      name: 'syncStatus',
      type: 'select',
      defaultValue: 'idle',
      options: ['idle', 'pending', 'running', 'success', 'failed'],
      admin: { readOnly: true, hidden: true },
    },
    { name: 'lastError', type: 'textarea', admin: { readOnly: true, hidden: true } },
    { name: 'lastSyncStats', type: 'json', admin: { readOnly: true, hidden: true } },
    {
      // "Publish everything" (delivery/backfill.ts): written by the platform only, shown by the
      // status panel as a progress bar.
      name: 'bulk',
      type: 'group',
      access: { create: () => false, update: () => false },
      admin: { readOnly: true, hidden: true },
      fields: [
        {
          name: 'status',
          type: 'select',
          defaultValue: 'idle',
          options: [...BULK_STATUSES],
        },
        { name: 'total', type: 'number', defaultValue: 0 },
        { name: 'done', type: 'number', defaultValue: 0 },
        { name: 'failed', type: 'number', defaultValue: 0 },
        { name: 'startedAt', type: 'date' },
        { name: 'finishedAt', type: 'date' },
        // Which run the records' `bulkRun` counts belong to; one more per run.
        { name: 'run', type: 'number', defaultValue: 0 },
      ],
    },
  ],
})
