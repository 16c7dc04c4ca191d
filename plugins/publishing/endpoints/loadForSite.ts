import type { DataFromCollectionSlug, Payload, PayloadRequest } from 'payload'

import { APIError } from 'payload'

import type { ResolvedPublishingOptions } from '../options'
import type { PublishingRecord } from '../records'

import { canWorkOnSite } from '../access'
import { type INTEGRATIONS } from '../defaults'
import { findRecord } from '../records'
import { registryOf } from '../registry'
import { numericParam } from '../utilities/requests'

type Texts = { noun: string; forbidden: string }

const worksOnAnySite = (
  options: ResolvedPublishingOptions,
  user: PayloadRequest['user'],
): boolean => {
  if (!user) return false
  if (options.access.isAdmin(user)) return true
  const sites = options.access.sitesOf(user)
  return sites === 'all' || sites.length > 0
}

/**
 * The document named by the route's `:id`, read by `read`, when the user may act on its site: 404
 * when it does not exist, 403 (with `forbidden` as the sentence) when it belongs to a site they do
 * not work on. A caller who works on no site at all (the public, an API key) gets that 403 before
 * anything is read, whatever the id: the answer never tells them which ids exist.
 */
const loadOwned = async <T extends { site: unknown }>(
  req: PayloadRequest,
  options: ResolvedPublishingOptions,
  { noun, forbidden }: Texts,
  read: (id: number) => Promise<T | null>,
): Promise<T> => {
  const id = numericParam(req, 'id', noun)
  if (!worksOnAnySite(options, req.user)) throw new APIError(forbidden, 403, undefined, true)
  const doc = await read(id)
  if (!doc) throw new APIError(`${noun} ${id} does not exist.`, 404, undefined, true)
  if (!canWorkOnSite(options.access, req.user, Number(doc.site)))
    throw new APIError(forbidden, 403, undefined, true)
  return doc
}

/** The integration named by the route's `:id`, when the user may act on its site (see `loadOwned`). */
export const loadForSite = <TSlug extends typeof INTEGRATIONS>(
  req: PayloadRequest,
  options: ResolvedPublishingOptions,
  collection: TSlug,
  texts: Texts,
): Promise<DataFromCollectionSlug<TSlug>> =>
  loadOwned(
    req,
    options,
    texts,
    async (id) =>
      (await req.payload.findByID({
        collection,
        id,
        depth: 0,
        overrideAccess: true,
        req,
        disableErrors: true,
      })) as DataFromCollectionSlug<TSlug> | null,
  )

/** The publishing record named by the route's `:id`, when the user may act on its site (see `loadOwned`). */
export const loadRecordForSite = (
  req: PayloadRequest,
  options: ResolvedPublishingOptions,
  texts: Texts,
): Promise<PublishingRecord> => loadOwned(req, options, texts, (id) => findRecord(req, id))

/**
 * `loadForSite` for endpoints that adapter plugins add to the integrations collection: the
 * integration named by the route's `:id`, when the user may act on its site (admins, and editors
 * of that site signed in with a session; never API keys or the public): a 400 for an id that is
 * not a whole number, 404 when there is no such integration, 403 with `forbidden` otherwise.
 */
export const loadIntegrationForSite = (
  req: PayloadRequest,
  texts: Texts,
): Promise<DataFromCollectionSlug<typeof INTEGRATIONS>> => {
  if (!req.user) throw new APIError('Sign in first.', 401, undefined, true)
  return loadForSite(req, registryOf(req.payload).options, 'integrations', texts)
}

/** May this user act on things of `site`? (`canWorkOnSite` with the plugin's access rules) */
export const mayWorkOnSite = (
  payload: Payload,
  user: PayloadRequest['user'],
  site: number,
): boolean => canWorkOnSite(registryOf(payload).options.access, user, site)
