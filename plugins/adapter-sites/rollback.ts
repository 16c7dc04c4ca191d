import type { Config, Endpoint } from 'payload'

import {
  badRequest,
  INTEGRATIONS,
  jsonBody,
  loadIntegrationForSite,
  withSiteLock,
} from '@plugins/publishing/exports/server'

import { storeFor, type SitesConfig } from './adapter'

/**
 * `POST /api/integrations/:id/rollback`, body optional `{ release }`: makes an earlier release of a
 * hosted site current (the one before the current, or the named one). Admins and the site's
 * editors only (signed in with a session: no API key, nobody else). The switch holds the site's
 * cross-process lock, the one deliveries hold, so a rollback never interleaves with a release
 * being written in another process.
 */
export const rollbackEndpoint: Endpoint = {
  path: '/:id/rollback',
  method: 'post',
  handler: async (req) => {
    const integration = await loadIntegrationForSite(req, {
      noun: 'Integration',
      forbidden: 'Only admins and editors of this site may roll its releases back.',
    })
    if (integration.platform !== 'sites') {
      throw badRequest(
        `Integration "${integration.name}" is not a hosted site: only hosted sites have releases to roll back to.`,
      )
    }
    // The body is optional: without a JSON one, the previous release.
    const body = req.headers.get('content-type')?.includes('json') ? await jsonBody(req) : {}
    if (body.release !== undefined && typeof body.release !== 'string') {
      throw badRequest(
        '"release" must be the id of a release as a string (e.g. "000042-20261130T120000Z"), or left out for the previous one.',
      )
    }
    const wanted = body.release as string | undefined
    const siteId = Number(integration.site)
    const site = await req.payload.findByID({
      collection: 'sites',
      id: siteId,
      depth: 0,
      overrideAccess: true,
      req,
      disableErrors: true,
    })
    const slug = typeof site?.slug === 'string' ? site.slug : ''
    const store = storeFor((integration.config ?? {}) as SitesConfig)
    return withSiteLock(req.payload, siteId, async () => {
      const releases = await store.listReleases(slug).catch(() => [])
      if (wanted !== undefined && !releases.some((release) => release.id === wanted)) {
        throw badRequest(
          `This site has no release "${wanted}". Its newest releases: ${
            releases
              .slice(0, 5)
              .map((release) => release.id)
              .join(', ') || 'none yet'
          }.`,
        )
      }
      try {
        const release = await store.rollback(slug, wanted)
        return Response.json({ release, message: `Release ${release.id} is now current.` })
      } catch {
        throw badRequest(
          'This site has no earlier release to roll back to: publish a change first.',
        )
      }
    })
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
