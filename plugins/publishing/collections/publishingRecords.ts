import type { CollectionConfig } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { siteMembers } from '../access'
import { HISTORY_LENGTH, INTEGRATIONS, RECORDS, REMOTE_STATES } from '../defaults'

export const RECORD_STATUSES = [
  'queued',
  'publishing',
  'published',
  'failed',
  'unpublished',
  'conflict',
] as const

/**
 * The single truth about one remote copy: one row per (document, integration). API clients read
 * them; only the platform writes them (the endpoints re-queue through it).
 */
export const publishingRecordsCollection = (
  options: ResolvedPublishingOptions,
): CollectionConfig => ({
  slug: RECORDS,
  admin: {
    useAsTitle: 'documentTitle',
    defaultColumns: ['documentTitle', 'integration', 'status', 'lastAttemptAt', 'lastError'],
    group: 'Publishing',
  },
  access: {
    read: siteMembers(options.access),
    create: () => false,
    update: () => false,
    delete: () => false,
  },
  fields: [
    {
      name: 'document',
      type: 'relationship',
      relationTo: options.collections,
      admin: { readOnly: true },
    },
    { name: 'site', type: 'relationship', relationTo: 'sites', required: true, index: true },
    {
      name: 'integration',
      type: 'relationship',
      relationTo: INTEGRATIONS,
      required: true,
      index: true,
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      defaultValue: 'queued',
      index: true,
      options: [...RECORD_STATUSES],
    },
    { name: 'remoteId', type: 'text', index: true },
    { name: 'remoteUrl', type: 'text' },
    { name: 'remoteModifiedAt', type: 'date' },
    {
      name: 'contentHash',
      type: 'text',
      admin: {
        readOnly: true,
        description: 'Hash of the local document as last pushed or pulled.',
      },
    },
    {
      name: 'remoteHash',
      type: 'text',
      admin: { readOnly: true, description: 'Hash of the remote copy as last pushed or pulled.' },
    },
    {
      name: 'remoteState',
      type: 'select',
      options: [...REMOTE_STATES],
      admin: {
        readOnly: true,
        description: 'present, trashed or deleted at the destination, as last seen.',
      },
    },
    {
      // { title, slug, html, excerpt, status, modifiedAt, url } (plus what sync needs to apply it)
      name: 'remoteVersion',
      type: 'json',
      admin: {
        readOnly: true,
        description: 'The remote side of a conflict; cleared when it is resolved.',
      },
    },
    { name: 'attempts', type: 'number', defaultValue: 0 },
    { name: 'lastError', type: 'textarea' },
    { name: 'lastAttemptAt', type: 'date' },
    { name: 'nextAttemptAt', type: 'date' },
    { name: 'publishedAt', type: 'date' },
    // Who asked for `triggeredRevision` by hand (Publish now, Retry); a save's revision is
    // attributed to the document's `lastEditedBy` instead.
    {
      name: 'triggeredBy',
      type: 'relationship',
      relationTo: options.usersCollection,
      admin: { readOnly: true },
    },
    { name: 'triggeredRevision', type: 'number', admin: { readOnly: true } },
    {
      // One JSON value rather than rows: it is rewritten on every attempt, and a delivery should
      // cost as few statements as possible. Entries: { at, action, outcome, message?, durationMs? }.
      name: 'history',
      type: 'json',
      admin: { readOnly: true, description: `The last ${HISTORY_LENGTH} attempts, newest first.` },
    },
    // What the platform needs to carry out a delivery, also after the document is deleted.
    {
      name: 'documentCollection',
      type: 'select',
      required: true,
      options: options.collections,
      admin: { readOnly: true },
    },
    { name: 'documentId', type: 'number', required: true, index: true, admin: { readOnly: true } },
    { name: 'documentTitle', type: 'text', admin: { readOnly: true } },
    { name: 'documentSlug', type: 'text', admin: { readOnly: true } },
    // `collection:id@integration`: the database refuses a second record for the same pair.
    { name: 'recordKey', type: 'text', required: true, unique: true, admin: { hidden: true } },
    {
      // The "publish everything" run (the integration's `bulk.run`) that last queued or counted
      // this record: its progress is counted from these (delivery/backfill.ts).
      name: 'bulkRun',
      type: 'number',
      index: true,
      admin: { hidden: true },
    },
    {
      name: 'pending',
      type: 'group',
      admin: { description: 'The delivery the platform is carrying out or will carry out next.' },
      fields: [
        { name: 'revision', type: 'number', defaultValue: 0 },
        { name: 'action', type: 'select', options: ['publish', 'unpublish', 'delete'] },
        { name: 'remoteStatus', type: 'select', options: ['publish', 'draft'] },
      ],
    },
  ],
})
