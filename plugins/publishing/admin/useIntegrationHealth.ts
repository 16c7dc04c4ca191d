'use client'
import { useConfig } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { loadFailureCount } from './loaders'

/** How many deliveries of an integration are `failed` now (null while unknown). */
export const useFailureCount = (
  integrationId: number | string | undefined,
  refreshKey = 0,
): number | null => {
  const { config } = useConfig()
  const [failures, setFailures] = useState<number | null>(null)
  useEffect(() => {
    if (integrationId === undefined) return
    let live = true
    // The list view's rows ask together: one request for all of them.
    void loadFailureCount(config.routes.api, integrationId).then((count) => {
      if (live) setFailures(count)
    })
    return () => {
      live = false
    }
  }, [config.routes.api, integrationId, refreshKey])
  return failures
}
