'use client'
import { Banner, Button, useConfig, useListQuery, useSelection } from '@payloadcms/ui'
import { useState } from 'react'

import { apiRequest } from '../api'

import './index.css'

type Action = 'publish' | 'unpublish' | 'retry'
type SitePlan = {
  site: number
  name: string
  documents: number[]
  destinations: { id: number; name: string }[]
  chosen: number[]
  summary: string
}
type Preview = { sites: SitePlan[]; refused: { id: string; reason: string }[] }

const TITLES: Record<Action, string> = {
  publish: 'Publish to…',
  unpublish: 'Unpublish from…',
  retry: 'Retry failed at…',
}

/**
 * Above a page or post list: with rows selected, "Publish to…", "Unpublish from…" and "Retry
 * failed at…" open a dialog listing, per site of the selection, that site's destinations, and
 * what the action will do there (`POST /api/publishing/bulk`, asked with `preview` first).
 */
export const BulkPublishing = () => {
  const { config } = useConfig()
  const api = config.routes.api
  const { getSelectedIds, count } = useSelection()
  const { collectionSlug } = useListQuery()
  const [action, setAction] = useState<Action | null>(null)
  const [ids, setIds] = useState<(number | string)[]>([])
  const [chosen, setChosen] = useState<number[]>([])
  const [preview, setPreview] = useState<Preview | null>(null)
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const ask = async (next: Action, selection: (number | string)[], integrations: number[]) => {
    setBusy(true)
    const result = await apiRequest<Preview>(api, '/publishing/bulk', {
      method: 'POST',
      body: {
        collection: collectionSlug,
        action: next,
        ids: selection,
        integrations,
        preview: true,
      },
    })
    setBusy(false)
    if (result.ok) setPreview(result.data)
    else setMessage({ type: 'error', text: result.message })
  }

  const open = (next: Action) => {
    const selection = getSelectedIds()
    setAction(next)
    setIds(selection)
    setChosen([])
    setMessage(null)
    setPreview(null)
    void ask(next, selection, [])
  }

  const toggle = (id: number) => {
    const next = chosen.includes(id) ? chosen.filter((c) => c !== id) : [...chosen, id]
    setChosen(next)
    if (action) void ask(action, ids, next)
  }

  const confirm = async () => {
    if (!action) return
    setBusy(true)
    const result = await apiRequest<{ message: string }>(api, '/publishing/bulk', {
      method: 'POST',
      body: { collection: collectionSlug, action, ids, integrations: chosen },
    })
    setBusy(false)
    setMessage(
      result.ok
        ? { type: 'success', text: result.data.message }
        : { type: 'error', text: result.message },
    )
    if (result.ok) setAction(null)
  }

  if (!count && !message) return null
  return (
    <section className="bulk-publishing" aria-label="Publishing of the selected documents">
      {count ? (
        <div className="bulk-publishing__bar">
          <span>{count} selected:</span>
          {(Object.keys(TITLES) as Action[]).map((a) => (
            <Button
              key={a}
              buttonStyle="secondary"
              size="small"
              disabled={busy}
              onClick={() => open(a)}
            >
              {TITLES[a]}
            </Button>
          ))}
        </div>
      ) : null}
      {action ? (
        <div className="bulk-publishing__dialog" role="dialog" aria-label={TITLES[action]}>
          <strong>{TITLES[action]}</strong>
          <p className="field-description">
            Each document goes only to the destinations you tick of its own site. Your choice
            replaces the site&apos;s rules for these documents this once.
          </p>
          {!preview ? <p>Loading…</p> : null}
          {preview?.refused.length ? (
            <Banner type="error">
              Cannot act on: {preview.refused.map((r) => `${r.id} (${r.reason})`).join(', ')}.
              Deselect them first.
            </Banner>
          ) : null}
          {preview?.sites.map((site) => (
            <fieldset key={site.site} className="bulk-publishing__site">
              <legend>
                {site.name} ({site.documents.length})
              </legend>
              {site.destinations.length === 0 ? <span>No active destinations.</span> : null}
              {site.destinations.map((d) => (
                <label key={d.id}>
                  <input
                    type="checkbox"
                    checked={chosen.includes(d.id)}
                    disabled={busy}
                    onChange={() => toggle(d.id)}
                  />{' '}
                  {d.name}
                </label>
              ))}
              <span className="bulk-publishing__summary">{site.summary}</span>
            </fieldset>
          ))}
          <div className="bulk-publishing__bar">
            <Button
              buttonStyle="primary"
              size="small"
              disabled={busy || !chosen.length || !!preview?.refused.length}
              onClick={() => void confirm()}
            >
              {TITLES[action].replace('…', '')} {chosen.length} destination
              {chosen.length === 1 ? '' : 's'}
            </Button>
            <Button buttonStyle="secondary" size="small" onClick={() => setAction(null)}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
      {message ? <Banner type={message.type}>{message.text}</Banner> : null}
    </section>
  )
}
