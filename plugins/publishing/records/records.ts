import type { PayloadRequest } from 'payload'

import type { PublishableCollection, RemoteItem } from '../types'

import { RECORDS } from '../defaults'
import { recordKey } from './recordKey'
import { remoteHash } from './remoteHash'

/** What sync reads of a publishing record. */
export type SyncRecord = {
  id: number
  status: string
  site: number
  integration: number
  documentCollection: PublishableCollection
  documentId: number
  documentTitle?: string | null
  documentSlug?: string | null
  remoteId?: string | null
  remoteModifiedAt?: string | null
  contentHash?: string | null
  remoteHash?: string | null
  remoteState?: string | null
  remoteVersion?: unknown
  pending?: { revision?: number | null; action?: string | null; remoteStatus?: 'publish' | 'draft' | null } | null
}

/** Records have no hooks and only the platform writes them: straight to the database adapter. */
export const updateRecord = (req: PayloadRequest, id: number, data: Record<string, unknown>) =>
  req.payload.db.updateOne({ collection: RECORDS, id, data: { ...data, updatedAt: new Date().toISOString() }, req, returning: false })

/** The records of `integration` that point at these remote ids of one collection, by remote id. */
export const recordsByRemoteId = async (
  req: PayloadRequest,
  integration: number,
  collection: PublishableCollection,
  remoteIds: string[],
): Promise<Map<string, SyncRecord>> => {
  if (remoteIds.length === 0) return new Map()
  const { docs } = await req.payload.db.find<SyncRecord>({
    collection: RECORDS,
    where: { and: [{ integration: { equals: integration } }, { documentCollection: { equals: collection } }, { remoteId: { in: remoteIds } }] },
    limit: remoteIds.length * 2,
    pagination: false,
    req,
  })
  return new Map(docs.map((record) => [String(record.remoteId), record]))
}

/** The record of one of our documents at `integration`, if any. */
export const recordOf = async (req: PayloadRequest, collection: PublishableCollection, id: number, integration: number): Promise<SyncRecord | null> =>
  req.payload.db.findOne<SyncRecord>({ collection: RECORDS, where: { recordKey: { equals: recordKey(collection, id, integration) } }, req })

/** What a record says about a remote item it is in step with. */
export const inStep = (item: RemoteItem, contentHash: string) => ({
  contentHash,
  remoteHash: remoteHash(item),
  remoteModifiedAt: item.modifiedAt,
  remoteUrl: item.url,
  remoteState: item.removed ?? 'present',
  remoteVersion: null,
  lastError: null,
})

/** A record for a document imported from `item`: linked, in step, nothing pending. */
export const createLinkedRecord = async (
  req: PayloadRequest,
  { item, documentId, site, integration, contentHash, title, slug }: {
    item: RemoteItem
    documentId: number
    site: number
    integration: number
    contentHash: string
    title: string
    slug: string
  },
): Promise<void> => {
  const now = new Date().toISOString()
  await req.payload.db.create({
    collection: RECORDS,
    data: {
      ...inStep(item, contentHash),
      status: item.status === 'publish' ? 'published' : 'unpublished',
      remoteId: item.remoteId,
      document: { relationTo: item.collection, value: documentId },
      documentCollection: item.collection,
      documentId,
      documentTitle: title,
      documentSlug: slug,
      site,
      integration,
      recordKey: recordKey(item.collection, documentId, integration),
      attempts: 0,
      pending: { revision: 0, action: 'publish', remoteStatus: 'publish' },
      createdAt: now,
      updatedAt: now,
    },
    req,
  })
}
