import type { Field, UIField } from 'payload'

/**
 * Import-map paths of the plugin's admin components, relative to the app's `importMap.baseDir`
 * (the repository root). After changing one, run `npx payload generate:importmap`.
 */
const base = '/plugins/publishing/admin'
export const COMPONENTS = {
  platformField: `${base}/PlatformField/index.client.tsx#PlatformField`,
  configField: `${base}/DeclaredFields/index.client.tsx#ConfigField`,
  credentialsField: `${base}/DeclaredFields/index.client.tsx#CredentialsField`,
  integrationPanel: `${base}/IntegrationPanel/index.client.tsx#IntegrationPanel`,
  integrationStatusCell: `${base}/IntegrationStatusCell/index.client.tsx#IntegrationStatusCell`,
  publishingPanel: `${base}/PublishingPanel/index.client.tsx#PublishingPanel`,
  destinationsCell: `${base}/DestinationsCell/index.client.tsx#DestinationsCell`,
  sitePublishingField: `${base}/RulesSummary/index.tsx#SitePublishingField`,
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
