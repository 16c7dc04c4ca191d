import type { Field, UIField } from 'payload'

/**
 * Import-map paths of the plugin's admin components, relative to the app's `importMap.baseDir`
 * (the repository root): the public face's `exports/client` ('use client' components) and
 * `exports/rsc` (server components), as Payload's own plugins point at `<package>/client#Name`.
 * After changing one, run `npx payload generate:importmap`.
 */
const client = '/plugins/publishing/exports/client'
const rsc = '/plugins/publishing/exports/rsc'
export const COMPONENTS = {
  platformField: `${client}#PlatformField`,
  configField: `${client}#ConfigField`,
  credentialsField: `${client}#CredentialsField`,
  integrationPanel: `${client}#IntegrationPanel`,
  integrationStatusCell: `${client}#IntegrationStatusCell`,
  publishingPanel: `${client}#PublishingPanel`,
  destinationsCell: `${client}#DestinationsCell`,
  bulkPublishing: `${client}#BulkPublishing`,
  sitePublishingField: `${rsc}#SitePublishingField`,
} as const

/** Pages and posts: the "Publishing" panel in the sidebar and the "Destinations" list column. */
export const publishingStatusField = (): UIField => ({
  name: 'publishing',
  type: 'ui',
  label: 'Destinations',
  admin: {
    position: 'sidebar',
    components: { Field: COMPONENTS.publishingPanel, Cell: COMPONENTS.destinationsCell },
  },
})

/** Sites: their destinations and rules in words. */
export const sitePublishingField = (): Field => ({
  name: 'publishingSettings',
  type: 'ui',
  label: 'Publishing settings',
  admin: { components: { Field: COMPONENTS.sitePublishingField }, disableListColumn: true },
})
