'use client'
import type { UIFieldClientComponent } from 'payload'

import { Banner, Button, useConfig, useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useCallback, useEffect, useState } from 'react'

import { apiRequest, formatWhen, whereQuery } from '../api'
import { DestinationPicker } from '../DestinationPicker/index.client'
import { loadIntegrationNames } from '../loaders'
import { ScheduledNotice } from '../ScheduledNotice/index.client'
import { RecordStatusPill } from '../StatusBadge'
import { ConflictView, type LocalVersion } from './ConflictView'
import { integrationIdOf, type IntegrationView, type RecordView } from './types'

import './index.css'

const IN_FLIGHT = new Set(['queued', 'publishing'])
/** How often the panel looks again while deliveries are on their way. */
const POLL_MS = 2000

/**
 * The "Publishing" panel in a page's or post's sidebar: every destination of its site with the
 * copy's status, link, last attempt and error; "Publish now", "Retry", and conflicts side by side.
 */
export const PublishingPanel: UIFieldClientComponent = () => {
  const { id, collectionSlug, savedDocumentData } = useDocumentInfo()
  const { config } = useConfig()
  const api = config.routes.api
  const site = useFormFields(
    ([fields]) => fields.site?.value as number | { id: number } | undefined,
  )
  const siteId = typeof site === 'object' && site ? site.id : site
  const local = useFormFields(([fields]): LocalVersion => ({
    title: fields.title?.value as string | undefined,
    slug: fields.slug?.value as string | undefined,
    excerpt: fields.excerpt?.value as string | undefined,
    status: fields._status?.value as string | undefined,
    updatedAt: savedDocumentData?.updatedAt as string | undefined,
  }))
  const [records, setRecords] = useState<RecordView[] | null>(null)
  /** The site's destinations (null until loaded): they name the records, read at depth 0. */
  const [integrations, setIntegrations] = useState<IntegrationView[] | null>(null)
  /** Names of destinations that hold a copy but are not the site's (rare: read only then). */
  const [otherNames, setOtherNames] = useState<Map<number, string>>(new Map())
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  const [busy, setBusy] = useState(false)
  /** Destinations picked for "Publish now"; none means where the rules send it. */
  const [picked, setPicked] = useState<number[]>([])
  const [watchUntil, setWatchUntil] = useState(0)
  const [tick, setTick] = useState(0)

  const load = useCallback(async () => {
    if (!id || !collectionSlug) return
    const query = whereQuery(
      [
        ['documentCollection', 'equals', collectionSlug],
        ['documentId', 'equals', id],
      ],
      { depth: 0, limit: 100 },
    )
    const result = await apiRequest<{ docs: RecordView[] }>(api, `/publishing-records?${query}`)
    if (result.ok) setRecords(result.data.docs)
    else
      setMessage({ type: 'error', text: `Could not load the publishing status: ${result.message}` })
  }, [api, collectionSlug, id])

  useEffect(() => {
    void load()
  }, [load, tick])

  // A save queues its deliveries a moment later (the fan-out job): watch for them.
  useEffect(() => {
    if (savedDocumentData) setWatchUntil(Date.now() + 20_000)
  }, [savedDocumentData])

  useEffect(() => {
    if (!siteId) {
      setIntegrations([])
      return
    }
    void apiRequest<{ docs: IntegrationView[] }>(
      api,
      `/integrations?${whereQuery([['site', 'equals', siteId]], { depth: 0, limit: 100 })}`,
    ).then((result) => setIntegrations(result.ok ? result.data.docs : []))
  }, [api, siteId])

  const otherIds = integrations
    ? [...new Set((records ?? []).map(integrationIdOf))].filter(
        (i) => !integrations.some((known) => known.id === i) && !otherNames.has(i),
      )
    : []
  const otherKey = otherIds.join(',')
  useEffect(() => {
    if (!otherKey) return
    let live = true
    void loadIntegrationNames(api, otherKey.split(',').map(Number)).then((found) => {
      if (live && found.size) setOtherNames((known) => new Map([...known, ...found]))
    })
    return () => {
      live = false
    }
  }, [api, otherKey])

  const inFlight = records?.some((r) => IN_FLIGHT.has(r.status)) ?? false
  // A site without destinations gets no deliveries from a save: nothing to watch for then.
  const watching = Date.now() <= watchUntil && (integrations?.length ?? 0) > 0
  useEffect(() => {
    if (!inFlight && !watching) return
    const timer = setTimeout(() => setTick((n) => n + 1), POLL_MS)
    return () => clearTimeout(timer)
  }, [inFlight, watching, watchUntil, tick])

  if (!id)
    return <p className="field-description">Save this document to see where it is published.</p>

  const act = async (path: string, body: unknown, done: string) => {
    setBusy(true)
    setMessage(null)
    const result = await apiRequest(api, path, { method: 'POST', body })
    setBusy(false)
    setMessage(
      result.ok ? { type: 'success', text: done } : { type: 'error', text: result.message },
    )
    setWatchUntil(Date.now() + 15_000)
    setTick((n) => n + 1)
  }

  const byIntegration = new Map((records ?? []).map((r) => [integrationIdOf(r), r]))
  const rows: { integration: IntegrationView; record: RecordView | undefined }[] = (
    integrations ?? []
  ).map((integration) => ({
    integration,
    record: byIntegration.get(integration.id),
  }))
  for (const record of records ?? []) {
    const other = integrationIdOf(record)
    const name = otherNames.get(other)
    if (!(integrations ?? []).some((i) => i.id === other) && name !== undefined) {
      rows.push({ integration: { id: other, name, platform: '' }, record })
    }
  }

  return (
    <section className="publishing-panel" aria-labelledby="publishing-panel-title">
      <h3 id="publishing-panel-title" className="publishing-panel__title">
        Publishing
      </h3>
      {collectionSlug ? (
        <ScheduledNotice
          api={api}
          collection={collectionSlug}
          id={id}
          refresh={savedDocumentData}
        />
      ) : null}
      {rows.length === 0 && records ? <p>This site has no destinations yet.</p> : null}
      {!records ? <p>Loading…</p> : null}
      <ul className="publishing-panel__list" aria-live="polite">
        {rows.map(({ integration, record }) => (
          <li
            key={integration.id}
            className="publishing-panel__item"
            data-destination={integration.name}
          >
            <div className="publishing-panel__head">
              <strong>{integration.name}</strong>
              <RecordStatusPill status={record?.status ?? 'none'} />
            </div>
            {record?.remoteUrl ? (
              <a href={record.remoteUrl} target="_blank" rel="noreferrer noopener">
                Open the copy<span className="sr-only"> at {integration.name}</span> ↗
              </a>
            ) : null}
            <span className="publishing-panel__meta">
              Last attempt: {formatWhen(record?.lastAttemptAt)}
            </span>
            {record?.lastError ? (
              <span className="publishing-panel__error">Error: {record.lastError}</span>
            ) : null}
            {record?.status === 'failed' ? (
              <Button
                buttonStyle="secondary"
                size="small"
                disabled={busy}
                onClick={() =>
                  act(
                    `/publishing-records/${record.id}/retry`,
                    undefined,
                    `Retrying the delivery to ${integration.name}.`,
                  )
                }
              >
                Retry<span className="sr-only"> {integration.name}</span>
              </Button>
            ) : null}
            {record?.status === 'conflict' ? (
              <ConflictView
                record={record}
                local={local}
                destination={integration.name}
                busy={busy}
                onResolve={(keep) =>
                  act(
                    `/publishing-records/${record.id}/resolve`,
                    { keep },
                    keep === 'local'
                      ? `Sending this version to ${integration.name}.`
                      : `Taking the version at ${integration.name}; reload to see it.`,
                  )
                }
              />
            ) : null}
          </li>
        ))}
      </ul>
      {local.status === 'published' ? (
        <>
          <DestinationPicker
            destinations={(integrations ?? []).filter((i) => i.isActive !== false)}
            chosen={picked}
            onChange={setPicked}
            disabled={busy}
          />
          <Button
            buttonStyle="primary"
            size="small"
            disabled={busy}
            onClick={() =>
              act(
                '/publishing/publish',
                {
                  collection: collectionSlug,
                  id,
                  ...(picked.length ? { integrations: picked } : {}),
                },
                picked.length
                  ? `Queued for delivery to ${picked.length} chosen destination${picked.length === 1 ? '' : 's'}.`
                  : 'Queued for delivery.',
              )
            }
          >
            {picked.length ? `Publish now to ${picked.length} chosen` : 'Publish now'}
          </Button>
        </>
      ) : (
        <p className="field-description">
          Drafts stay here: publish this document to send it to its destinations.
        </p>
      )}
      {message ? <Banner type={message.type}>{message.text}</Banner> : null}
    </section>
  )
}
