/**
 * How a destination is doing, in one word, for badges in the admin. Pure: it reads the fields of
 * an integration (and optionally its failure count) and decides.
 */
export type IntegrationHealth = 'healthy' | 'failing' | 'syncing' | 'disabled'

export type HealthInput = {
  isActive?: boolean | null
  syncStatus?: string | null
  lastError?: string | null
  /** Deliveries of this integration that are `failed` now. */
  failures?: number
}

export const integrationHealth = (integration: HealthInput): IntegrationHealth => {
  if (integration.isActive === false) return 'disabled'
  if (integration.syncStatus === 'pending' || integration.syncStatus === 'running') return 'syncing'
  if (integration.syncStatus === 'failed' || (integration.failures ?? 0) > 0) return 'failing'
  return 'healthy'
}

export const HEALTH_LABELS: Record<IntegrationHealth, string> = {
  healthy: 'Healthy',
  failing: 'Failing',
  syncing: 'Syncing',
  disabled: 'Disabled',
}
