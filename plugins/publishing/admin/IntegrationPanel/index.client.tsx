'use client'
import type { UIFieldClientComponent } from 'payload'

import { Banner, Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useCallback, useEffect, useState } from 'react'

import type { TestConnectionResult } from '../../types'

import { apiRequest, formatWhen } from '../api'
import { BulkPublish } from '../BulkPublish/index.client'
import { integrationHealth } from '../health'
import { RetryAllFailed } from '../RetryAllFailed/index.client'
import { StatusBadge } from '../StatusBadge'
import { useFailureCount } from '../useIntegrationHealth'
import { usePlatforms } from '../usePlatforms'

import '../StatusBadge/index.css'
import './index.css'

type SyncStats = {
  pulled?: number
  created?: number
  updated?: number
  pushed?: number
  conflicts?: number
  errors?: number
  durationMs?: number
}
type IntegrationDoc = {
  id: number
  isActive?: boolean
  syncStatus?: string
  lastSyncAt?: string | null
  lastError?: string | null
  lastSyncStats?: SyncStats | null
}

const SYNCING = new Set(['pending', 'running'])
const STAT_LABELS: [keyof SyncStats, string][] = [
  ['pulled', 'Pulled'],
  ['created', 'Created'],
  ['updated', 'Updated'],
  ['pushed', 'Pushed'],
  ['conflicts', 'Conflicts'],
  ['errors', 'Errors'],
]

/**
 * The edit view's sidebar for a destination: its status (healthy, failing, syncing, disabled),
 * last sync and last error, a "Test connection" button, "Publish everything" with its progress and,
 * for platforms that can pull, "Sync now".
 */
export const IntegrationPanel: UIFieldClientComponent = () => {
  const { id } = useDocumentInfo()
  const { config } = useConfig()
  const api = config.routes.api
  const platform = useFormFields(([fields]) => fields.platform?.value as string | undefined)
  const { platforms } = usePlatforms()
  const canPull = Boolean(platforms?.find((p) => p.platform === platform)?.capabilities.pull)
  const [doc, setDoc] = useState<IntegrationDoc | null>(null)
  const [refresh, setRefresh] = useState(0)
  const failures = useFailureCount(id ?? undefined, refresh)
  const [test, setTest] = useState<{
    running: boolean
    result: TestConnectionResult | null
    error: string | null
  }>({ running: false, result: null, error: null })
  const [sync, setSync] = useState<{ requested: boolean; error: string | null }>({
    requested: false,
    error: null,
  })

  const load = useCallback(async () => {
    if (!id) return
    const result = await apiRequest<IntegrationDoc>(api, `/integrations/${id}?depth=0`)
    if (result.ok) setDoc(result.data)
  }, [api, id])

  useEffect(() => {
    void load()
  }, [load, refresh])

  const syncing = Boolean(doc?.syncStatus && SYNCING.has(doc.syncStatus))
  useEffect(() => {
    if (!syncing && !sync.requested) return
    const timer = setInterval(() => setRefresh((n) => n + 1), 1500)
    return () => clearInterval(timer)
  }, [syncing, sync.requested])
  useEffect(() => {
    if (sync.requested && doc && !SYNCING.has(doc.syncStatus ?? ''))
      setSync((s) => ({ ...s, requested: false }))
  }, [doc, sync.requested])

  if (!id) {
    return (
      <div className="publishing-integration-panel">
        <p className="field-description">
          Save the destination to test its connection and see its status.
        </p>
      </div>
    )
  }

  const testConnection = async () => {
    setTest({ running: true, result: null, error: null })
    const result = await apiRequest<TestConnectionResult>(
      api,
      `/integrations/${id}/test-connection`,
      { method: 'POST' },
    )
    setTest(
      result.ok
        ? { running: false, result: result.data, error: null }
        : { running: false, result: null, error: result.message },
    )
  }

  const syncNow = async () => {
    setSync({ requested: true, error: null })
    const result = await apiRequest<{ jobId: string; message: string }>(
      api,
      `/integrations/${id}/sync`,
      { method: 'POST' },
    )
    if (!result.ok) setSync({ requested: false, error: result.message })
    else setRefresh((n) => n + 1)
  }

  const health = doc ? integrationHealth({ ...doc, failures: failures ?? 0 }) : null
  const stats = doc?.lastSyncStats
  return (
    <div className="publishing-integration-panel" aria-live="polite">
      <h3 className="publishing-integration-panel__title">Status</h3>
      <p className="publishing-integration-panel__badge">
        {health ? <StatusBadge health={health} /> : 'Loading…'}
      </p>
      <dl className="publishing-integration-panel__facts">
        <dt>Last sync</dt>
        <dd>{formatWhen(doc?.lastSyncAt)}</dd>
        <dt>Failed deliveries</dt>
        <dd>{failures ?? '—'}</dd>
        {doc?.lastError ? (
          <>
            <dt>Last error</dt>
            <dd>{doc.lastError}</dd>
          </>
        ) : null}
      </dl>

      <Button buttonStyle="secondary" size="small" onClick={testConnection} disabled={test.running}>
        {test.running ? 'Testing…' : 'Test connection'}
      </Button>
      {test.result ? (
        <Banner
          type={test.result.ok ? 'success' : 'error'}
          className={test.result.ok ? 'syndicate-result--ok' : 'syndicate-result--bad'}
        >
          <strong>{test.result.ok ? 'Connected. ' : 'Connection failed. '}</strong>
          {test.result.message}
          {test.result.details ? (
            <ul className="publishing-integration-panel__details">
              {Object.entries(test.result.details).map(([key, value]) => (
                <li key={key}>
                  {key}: {typeof value === 'object' ? JSON.stringify(value) : String(value)}
                </li>
              ))}
            </ul>
          ) : null}
        </Banner>
      ) : null}
      {test.error ? (
        <Banner type="error">Could not test the connection: {test.error}</Banner>
      ) : null}
      {id ? <RetryAllFailed api={api} integration={Number(id)} /> : null}

      <BulkPublish id={id} />

      {canPull ? (
        <div className="publishing-integration-panel__sync">
          <Button
            buttonStyle="secondary"
            size="small"
            onClick={syncNow}
            disabled={syncing || sync.requested}
          >
            {syncing || sync.requested ? 'Syncing…' : 'Sync now'}
          </Button>
          {syncing ? <p role="status">Sync {doc?.syncStatus}…</p> : null}
          {sync.error ? <Banner type="error">Could not start a sync: {sync.error}</Banner> : null}
          {!syncing && stats ? (
            <dl className="publishing-integration-panel__facts">
              {STAT_LABELS.map(([key, label]) => (
                <div key={key} className="publishing-integration-panel__stat">
                  <dt>{label}</dt>
                  <dd>{stats[key] ?? 0}</dd>
                </div>
              ))}
              <div className="publishing-integration-panel__stat">
                <dt>Took</dt>
                <dd>
                  {stats.durationMs !== undefined
                    ? `${(stats.durationMs / 1000).toFixed(1)} s`
                    : '—'}
                </dd>
              </div>
            </dl>
          ) : null}
        </div>
      ) : null}
      <p className="field-description" data-delete-consequence>
        Deleting this destination deletes its publishing records. The copies it delivered stay at
        the destination as they are: Syndicate no longer updates or removes them. To take them down,
        unpublish the documents first.
      </p>
    </div>
  )
}
