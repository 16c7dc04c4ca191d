'use client'
import { Banner, Button, useConfig } from '@payloadcms/ui'
import { useCallback, useEffect, useRef, useState } from 'react'

import { apiRequest, formatWhen } from '../api'

import './index.css'

type Bulk = {
  status?: 'idle' | 'running' | 'cancelling' | 'cancelled' | 'done' | 'failed' | null
  total?: number | null
  done?: number | null
  failed?: number | null
  startedAt?: string | null
  finishedAt?: string | null
  run?: number | null
}
type Preview = { documents: number; copies: number; bulk: Bulk | null }

const ACTIVE = new Set(['running', 'cancelling'])
const POLL_MS = 1500
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

const FINISHED: Record<string, string> = {
  done: 'Finished',
  cancelled: 'Cancelled',
  failed: 'Stopped: the destination was made inactive',
}

/**
 * "Publish everything" in a destination's status panel: the button with a confirmation that says
 * how many documents go, a progress bar with counts while a run goes on (polled), and Cancel. A
 * destination holding nothing yet whose site has published content gets the offer as a notice:
 * what an admin sees after creating one.
 */
export const BulkPublish = ({ id }: { id: number | string }) => {
  const { config } = useConfig()
  const api = config.routes.api
  const [preview, setPreview] = useState<Preview | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const confirmRef = useRef<HTMLAnchorElement | HTMLButtonElement | null>(null)

  const load = useCallback(async () => {
    const result = await apiRequest<Preview>(api, `/integrations/${id}/publish-all`)
    if (result.ok) setPreview(result.data)
    else setError(result.message)
  }, [api, id])

  useEffect(() => {
    void load()
  }, [load])

  const bulk = preview?.bulk ?? null
  const active = Boolean(bulk?.status && ACTIVE.has(bulk.status))
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => void load(), POLL_MS)
    return () => clearInterval(timer)
  }, [active, load])
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])

  const act = async (path: string) => {
    setBusy(true)
    setError(null)
    const result = await apiRequest<{ message: string }>(api, path, { method: 'POST' })
    setBusy(false)
    setConfirming(false)
    if (!result.ok) setError(result.message)
    await load()
  }

  if (!preview) return error ? <Banner type="error">{error}</Banner> : null
  const documents = preview.documents
  const total = bulk?.total ?? 0
  const settled = (bulk?.done ?? 0) + (bulk?.failed ?? 0)
  // A new destination (nothing there yet, never run): offer to send everything.
  const offer = !bulk?.run && preview.copies === 0 && documents > 0
  const counts = `${bulk?.done ?? 0} of ${total} delivered${bulk?.failed ? `, ${bulk.failed} failed` : ''}`

  return (
    <section className="publishing-bulk" aria-label="Publish everything">
      {offer && !confirming && !active ? (
        <Banner type="info" className="publishing-bulk__offer">
          This destination has received nothing yet: the site has{' '}
          {plural(documents, 'published document', 'published documents')} its rules send here.
          Publish everything to send them now.
        </Banner>
      ) : null}

      {active ? (
        <div className="publishing-bulk__progress">
          <p className="publishing-bulk__label" id={`publishing-bulk-label-${id}`}>
            {bulk?.status === 'cancelling' ? 'Cancelling…' : 'Publishing everything…'} {counts}
          </p>
          <div
            className="publishing-bulk__bar"
            role="progressbar"
            aria-labelledby={`publishing-bulk-label-${id}`}
            aria-valuemin={0}
            aria-valuemax={Math.max(total, 1)}
            aria-valuenow={Math.min(settled, Math.max(total, 1))}
            aria-valuetext={counts}
          >
            <div
              className="publishing-bulk__fill"
              style={{ width: `${total ? Math.round((settled / total) * 100) : 0}%` }}
            />
          </div>
          <Button
            buttonStyle="secondary"
            size="small"
            onClick={() => void act(`/integrations/${id}/publish-all/cancel`)}
            disabled={busy || bulk?.status === 'cancelling'}
          >
            Cancel
          </Button>
        </div>
      ) : confirming ? (
        <div
          className="publishing-bulk__confirm"
          role="group"
          aria-label="Confirm publish everything"
        >
          <p>
            Send {plural(documents, 'published document', 'published documents')} to this
            destination? Copies already there and unchanged are skipped.
          </p>
          <div className="publishing-bulk__buttons">
            <Button
              ref={confirmRef}
              size="small"
              onClick={() => void act(`/integrations/${id}/publish-all`)}
              disabled={busy}
            >
              {`Publish ${plural(documents, 'document', 'documents')}`}
            </Button>
            <Button buttonStyle="secondary" size="small" onClick={() => setConfirming(false)}>
              Not now
            </Button>
          </div>
        </div>
      ) : (
        <Button
          buttonStyle="secondary"
          size="small"
          onClick={() => setConfirming(true)}
          disabled={documents === 0}
        >
          Publish everything
        </Button>
      )}

      {!active && bulk?.status && FINISHED[bulk.status] ? (
        <p className="field-description" role="status">
          {FINISHED[bulk.status]} {formatWhen(bulk.finishedAt)}: {counts}.
        </p>
      ) : null}
      {error ? <Banner type="error">{error}</Banner> : null}
    </section>
  )
}
