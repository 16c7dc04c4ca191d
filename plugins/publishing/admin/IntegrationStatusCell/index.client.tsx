'use client'
import type { DefaultCellComponentProps } from 'payload'

import { formatWhen } from '../api'
import { integrationHealth } from '../health'
import { StatusBadge } from '../StatusBadge'
import { useFailureCount } from '../useIntegrationHealth'

/** List view: the destination's health, its last sync and last error. */
export const IntegrationStatusCell = ({ rowData }: DefaultCellComponentProps) => {
  const row = rowData as {
    id: number
    isActive?: boolean
    syncStatus?: string
    lastError?: string
    lastSyncAt?: string
  }
  const failures = useFailureCount(row.id)
  const health = integrationHealth({ ...row, failures: failures ?? 0 })
  return (
    <span style={{ display: 'inline-flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <StatusBadge health={health} />
      {failures ? <span>{failures} failed</span> : null}
      <span>Last sync: {formatWhen(row.lastSyncAt)}</span>
      {row.lastError ? (
        <span title={row.lastError}>Error: {row.lastError.slice(0, 60)}</span>
      ) : null}
    </span>
  )
}
