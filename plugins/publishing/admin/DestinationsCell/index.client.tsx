'use client'
import type { DefaultCellComponentProps } from 'payload'

import { useConfig } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import type { RecordView } from '../PublishingPanel/types'

import { loadDocumentRecords } from '../loaders'
import { RecordStatusPill } from '../StatusBadge'

/** List view column: where this page or post stands at each destination. */
export const DestinationsCell = ({ rowData, collectionSlug }: DefaultCellComponentProps) => {
  const { config } = useConfig()
  const [records, setRecords] = useState<RecordView[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const id = (rowData as { id: number }).id
  useEffect(() => {
    let live = true
    // One request for all the rows of this render, not one per row.
    void loadDocumentRecords(config.routes.api, collectionSlug, id).then((result) => {
      if (!live) return
      if (result.ok) setRecords(result.value)
      else setError(result.message)
    })
    return () => {
      live = false
    }
  }, [config.routes.api, collectionSlug, id])
  if (error) return <span title={error}>Unknown</span>
  if (!records) return <span aria-busy="true">…</span>
  if (!records.length) return <span>Not sent</span>
  return (
    <span style={{ display: 'inline-flex', gap: '0.25rem', flexWrap: 'wrap' }}>
      {records.map((record) => (
        <RecordStatusPill
          key={record.id}
          status={record.status}
          prefix={
            typeof record.integration === 'object'
              ? record.integration.name
              : `#${record.integration}`
          }
        />
      ))}
    </span>
  )
}
