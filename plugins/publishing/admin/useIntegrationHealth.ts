'use client'
import { useConfig } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { apiRequest, whereQuery } from './api'

/** How many deliveries of an integration are `failed` now (null while unknown). */
export const useFailureCount = (integrationId: number | string | undefined, refreshKey = 0): number | null => {
  const { config } = useConfig()
  const [failures, setFailures] = useState<number | null>(null)
  useEffect(() => {
    if (integrationId === undefined) return
    let live = true
    const query = whereQuery([['integration', 'equals', integrationId], ['status', 'equals', 'failed']], { limit: 1, depth: 0 })
    void apiRequest<{ totalDocs: number }>(config.routes.api, `/publishing-records?${query}`).then((result) => {
      if (live) setFailures(result.ok ? result.data.totalDocs : null)
    })
    return () => {
      live = false
    }
  }, [config.routes.api, integrationId, refreshKey])
  return failures
}
