/**
 * The plugin's public face for React Server Components. Payload's import map refers to them as
 * `/plugins/publishing/exports/rsc#Name`; the app's Site Manager renders `SitePublishingSettings`.
 */
export { SitePublishingField } from '../admin/RulesSummary'
export { SitePublishingSettings } from '../admin/RulesSummary/SitePublishingSettings'
