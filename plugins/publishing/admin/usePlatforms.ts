'use client'
import { useConfig } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import type { PlatformInfo } from '../endpoints/listPlatforms'

import { apiRequest } from './api'

export type PlatformsState = { platforms: PlatformInfo[] | null; error: string | null }

let cached: Promise<PlatformsState> | null = null

/** The registered destination platforms (GET /api/publishing/platforms), loaded once per page. */
export const usePlatforms = (): PlatformsState => {
  const { config } = useConfig()
  const [state, setState] = useState<PlatformsState>({ platforms: null, error: null })
  useEffect(() => {
    cached ??= apiRequest<{ platforms: PlatformInfo[] }>(
      config.routes.api,
      '/publishing/platforms',
    ).then((result) =>
      result.ok
        ? { platforms: result.data.platforms, error: null }
        : { platforms: null, error: result.message },
    )
    let live = true
    void cached.then((value) => {
      if (live) setState(value)
      if (value.error) cached = null
    })
    return () => {
      live = false
    }
  }, [config.routes.api])
  return state
}
