/**
 * The plugin's public face for browser code: its 'use client' components and hooks, and the
 * small helpers they share with the app's client components. Nothing here may reach server-only
 * code (`npm run lint:deps` checks it). Payload's import map refers to these components as
 * `/plugins/publishing/exports/client#Name`.
 */

// Components Payload renders in the admin (wired by the plugin's configs)
export { BulkPublishing } from '../admin/BulkPublishing/index.client'
export { ConfigField, CredentialsField } from '../admin/DeclaredFields/index.client'
export { DestinationsCell } from '../admin/DestinationsCell/index.client'
export { IntegrationPanel } from '../admin/IntegrationPanel/index.client'
export { IntegrationStatusCell } from '../admin/IntegrationStatusCell/index.client'
export { PlatformField } from '../admin/PlatformField/index.client'
export { PublishingPanel } from '../admin/PublishingPanel/index.client'

// Hooks
export { useFailureCount } from '../admin/useIntegrationHealth'
export { usePlatforms, type PlatformsState } from '../admin/usePlatforms'

// Shared by client and server components: status pills, the REST helper, dates in words
export { apiRequest, formatWhen, type ApiResult } from '../admin/api'
export type { IntegrationHealth } from '../admin/health'
export { RecordStatusPill, StatusBadge } from '../admin/StatusBadge'
