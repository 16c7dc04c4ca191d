'use client'
import { Banner, Button } from '@payloadcms/ui'
import { useState } from 'react'

import { apiRequest } from '../api'

type Props = {
  api: string
  integration: number
  /** Called after the deliveries were queued again, to refresh the panel. */
  onDone?: () => void
}

/** "Retry all failed" on a destination's panel: queues every failed delivery of it again. */
export const RetryAllFailed = ({ api, integration, onDone }: Props) => {
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string } | null>(null)
  const retry = async () => {
    setBusy(true)
    const result = await apiRequest<{ message: string }>(
      api,
      `/integrations/${integration}/retry-failed`,
      { method: 'POST' },
    )
    setBusy(false)
    setMessage(
      result.ok
        ? { type: 'success', text: result.data.message }
        : { type: 'error', text: result.message },
    )
    if (result.ok) onDone?.()
  }
  return (
    <>
      <Button buttonStyle="secondary" size="small" disabled={busy} onClick={() => void retry()}>
        Retry all failed
      </Button>
      {message ? <Banner type={message.type}>{message.text}</Banner> : null}
    </>
  )
}
