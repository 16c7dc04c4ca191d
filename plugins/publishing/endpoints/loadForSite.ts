import type { DataFromCollectionSlug, PayloadRequest } from 'payload'

import { APIError } from 'payload'

import type { ResolvedPublishingOptions } from '../options'

import { canWorkOnSite } from '../access'
import { INTEGRATIONS, RECORDS } from '../defaults'
import { numericParam } from '../utilities/requests'

type Owned = typeof INTEGRATIONS | typeof RECORDS

/**
 * The document named by the route's `:id`, when the user may act on its site: 404 when it does
 * not exist, 403 (with `forbidden` as the sentence) when it belongs to a site they do not work on.
 */
export const loadForSite = async <TSlug extends Owned>(
  req: PayloadRequest,
  options: ResolvedPublishingOptions,
  collection: TSlug,
  { noun, forbidden }: { noun: string; forbidden: string },
): Promise<DataFromCollectionSlug<TSlug>> => {
  const id = numericParam(req, 'id', noun)
  const doc = await req.payload.findByID({ collection, id, depth: 0, overrideAccess: true, req, disableErrors: true })
  if (!doc) throw new APIError(`${noun} ${id} does not exist.`, 404, undefined, true)
  if (!canWorkOnSite(options.access, req.user, Number(doc.site))) throw new APIError(forbidden, 403, undefined, true)
  return doc as DataFromCollectionSlug<TSlug>
}
