import type { Config, Endpoint } from 'payload'

import { INTEGRATIONS } from '@plugins/publishing/exports/server'

import { storeFor, type SitesConfig } from './adapter'

const notFound = () => Response.json({ errors: [{ message: 'Not found.' }] }, { status: 404 })

/**
 * `POST /api/integrations/:id/rollback`, body optional `{ release }`: makes an earlier release of a
 * hosted site current (the one before the current, or the named one). Whoever may read the
 * integration (admins, the site's editors) may roll it back; anyone else gets 404.
 */
export const rollbackEndpoint: Endpoint = {
  path: '/:id/rollback',
  method: 'post',
  handler: async (req) => {
    if (!req.user) return Response.json({ errors: [{ message: 'Sign in.' }] }, { status: 401 })
    const id = Number(req.routeParams?.id)
    if (!Number.isSafeInteger(id) || id <= 0) return notFound()
    const integration = await req.payload
      .findByID({
        collection: INTEGRATIONS,
        id,
        depth: 1,
        overrideAccess: false,
        user: req.user,
        req,
      })
      .catch(() => null)
    if (!integration) return notFound()
    const row = integration as unknown as {
      platform: string
      config: SitesConfig | null
      site: { slug?: string } | number
    }
    if (row.platform !== 'sites') {
      return Response.json(
        { errors: [{ message: 'Only hosted sites have releases to roll back to.' }] },
        { status: 400 },
      )
    }
    let body: { release?: unknown } = {}
    try {
      body = ((await req.json?.()) as { release?: unknown } | undefined) ?? {}
    } catch {
      body = {}
    }
    const site = typeof row.site === 'object' ? String(row.site.slug ?? '') : ''
    const store = storeFor(row.config ?? {})
    const releases = await store.listReleases(site).catch(() => [])
    const wanted = typeof body.release === 'string' ? body.release : undefined
    if (body.release !== undefined && !releases.some((r) => r.id === wanted)) {
      return Response.json(
        { errors: [{ message: `This site has no release "${String(body.release)}".` }] },
        { status: 400 },
      )
    }
    try {
      const release = await store.rollback(site, wanted)
      return Response.json({ release, message: `Release ${release.id} is now current.` })
    } catch {
      return Response.json(
        { errors: [{ message: 'This site has no earlier release to roll back to.' }] },
        { status: 400 },
      )
    }
  },
}

/** Adds the rollback endpoint to the integrations collection. */
export const withRollback = (config: Config): Config => ({
  ...config,
  collections: (config.collections ?? []).map((collection) =>
    collection.slug === INTEGRATIONS
      ? { ...collection, endpoints: [rollbackEndpoint, ...(collection.endpoints || [])] }
      : collection,
  ),
})
