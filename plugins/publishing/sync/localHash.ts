import type { PayloadRequest } from 'payload'

import type { PublishableCollection } from '../types'

import { buildDeliveryDocument, contentHash } from '../documents/buildDeliveryDocument'
import { registryOf } from '../registry'

/**
 * Hash of a local document as a delivery to `integration` would send it: the same hash a delivery
 * stores in the record's `contentHash`, so "changed locally" means "differs from what was last
 * pushed or pulled".
 */
export const localHash = async (
  req: PayloadRequest,
  {
    collection,
    id,
    integration,
    remoteStatus,
  }: {
    collection: PublishableCollection
    id: number
    integration: number
    remoteStatus: 'publish' | 'draft'
  },
): Promise<string> => {
  const document = await buildDeliveryDocument({
    payload: req.payload,
    req,
    collection,
    id,
    integration,
    remoteStatus,
    serverURL: registryOf(req.payload).options.serverURL,
  })
  return contentHash(document)
}
