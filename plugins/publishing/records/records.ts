import type { PayloadRequest, Where } from 'payload'

import type { PublishableCollection, RemoteItem } from '../types'
import type { HistoryEntry, PublishingRecord, RecordData } from './record'

import { HISTORY_LENGTH, RECORDS } from '../defaults'
import { bulkInsert } from '../utilities/bulkInsert'
import { recordKey } from './recordKey'
import { remoteHash } from './remoteHash'

/*
 * Every read and write of publishing records. Records have no hooks, no versions and only the
 * platform writes them, so reads and writes go straight to the database adapter: one statement
 * each, where the Local API spends several (a delivery is hot). Writes take `req`, so they join
 * its transaction.
 */

/** The table @payloadcms/db-postgres keeps the records in (and `_rels` their `document`). */
const RECORDS_TABLE = 'publishing_records'

/** Writes `data` on record `id` (fields left out keep their values), stamping `updatedAt` unless given. */
export const updateRecord = async (
  req: PayloadRequest,
  id: number,
  data: RecordData,
): Promise<void> => {
  await req.payload.db.updateOne({
    collection: RECORDS,
    id,
    data: { updatedAt: new Date().toISOString(), ...data },
    req,
    returning: false,
  })
}

/** A record by id. */
export const findRecord = (req: PayloadRequest, id: number): Promise<PublishingRecord | null> =>
  req.payload.db.findOne<PublishingRecord>({
    collection: RECORDS,
    where: { id: { equals: id } },
    req,
  })

/** The record of one of our documents at `integration`, if any. */
export const recordOf = (
  req: PayloadRequest,
  collection: PublishableCollection,
  id: number,
  integration: number,
): Promise<PublishingRecord | null> =>
  req.payload.db.findOne<PublishingRecord>({
    collection: RECORDS,
    where: { recordKey: { equals: recordKey(collection, id, integration) } },
    req,
  })

/** A record as the REST API answers with it (`depth: 0`, through the collection's read hooks). */
export const recordAsApi = (req: PayloadRequest, id: number) =>
  req.payload.findByID({ collection: RECORDS, id, depth: 0, overrideAccess: true, req })

/** How many records `integration` has, and how many of them point at a remote copy. */
export const countRecordsOf = async (
  req: PayloadRequest,
  integration: number,
): Promise<{ records: number; copies: number }> => {
  const count = async (where: Where) =>
    (await req.payload.count({ collection: RECORDS, where, overrideAccess: true, req })).totalDocs
  const records = await count({ integration: { equals: integration } })
  const copies = await count({ integration: { equals: integration }, remoteId: { exists: true } })
  return { records, copies }
}

/** The records with these keys (`recordKey`), some of their fields. */
export const recordsByKey = async <K extends keyof PublishingRecord>(
  req: PayloadRequest,
  keys: string[],
  fields: K[],
): Promise<Map<string, Pick<PublishingRecord, K | 'id' | 'recordKey'>>> => {
  const { docs } = await req.payload.db.find<Pick<PublishingRecord, K | 'id' | 'recordKey'>>({
    collection: RECORDS,
    where: { recordKey: { in: keys } },
    select: Object.fromEntries([['recordKey', true], ...fields.map((field) => [field, true])]),
    pagination: false,
    limit: 0,
    req,
  })
  return new Map(docs.map((row) => [row.recordKey, row]))
}

/** The records of `integration` that point at these remote ids of one collection, by remote id. */
export const recordsByRemoteId = async (
  req: PayloadRequest,
  integration: number,
  collection: PublishableCollection,
  remoteIds: string[],
): Promise<Map<string, PublishingRecord>> => {
  if (remoteIds.length === 0) return new Map()
  const { docs } = await req.payload.db.find<PublishingRecord>({
    collection: RECORDS,
    where: {
      and: [
        { integration: { equals: integration } },
        { documentCollection: { equals: collection } },
        { remoteId: { in: remoteIds } },
      ],
    },
    limit: remoteIds.length * 2,
    pagination: false,
    req,
  })
  return new Map(docs.map((record) => [String(record.remoteId), record]))
}

/** The records of these documents of one collection at `integration`. */
export const recordsOfDocuments = async (
  req: PayloadRequest,
  integration: number,
  collection: PublishableCollection,
  documentIds: number[],
): Promise<PublishingRecord[]> => {
  if (documentIds.length === 0) return []
  const { docs } = await req.payload.db.find<PublishingRecord>({
    collection: RECORDS,
    where: {
      and: [
        { integration: { equals: integration } },
        { documentCollection: { equals: collection } },
        { documentId: { in: documentIds } },
      ],
    },
    pagination: false,
    req,
  })
  return docs
}

/** The records of `integration` whose last delivery failed, oldest first. */
export const failedRecordsOf = async (
  req: PayloadRequest,
  integration: number,
): Promise<PublishingRecord[]> => {
  const { docs } = await req.payload.db.find<PublishingRecord>({
    collection: RECORDS,
    where: { and: [{ integration: { equals: integration } }, { status: { equals: 'failed' } }] },
    sort: 'id',
    pagination: false,
    limit: 0,
    req,
  })
  return docs
}

/** The records of one document whose copy is not (being) taken down already, at every integration. */
export const liveRecordsOfDocument = async (
  req: PayloadRequest,
  collection: PublishableCollection,
  documentId: number,
): Promise<PublishingRecord[]> => {
  const { docs } = await req.payload.db.find<PublishingRecord>({
    collection: RECORDS,
    where: {
      and: [
        { documentCollection: { equals: collection } },
        { documentId: { equals: documentId } },
        { status: { not_equals: 'unpublished' } },
      ],
    },
    pagination: false,
    limit: 0,
    req,
  })
  return docs
}

/** `history` with `entry` added in front, the newest `HISTORY_LENGTH` kept. */
export const withHistory = (
  record: Pick<PublishingRecord, 'history'>,
  entry: HistoryEntry,
): HistoryEntry[] =>
  [entry, ...(Array.isArray(record.history) ? record.history : [])].slice(0, HISTORY_LENGTH)

/** What a record says about a remote item it is in step with. */
export const inStep = (item: RemoteItem, contentHash: string) =>
  ({
    contentHash,
    remoteHash: remoteHash(item),
    remoteModifiedAt: item.modifiedAt,
    remoteUrl: item.url,
    remoteState: item.removed ?? 'present',
    remoteVersion: null,
    lastError: null,
  }) satisfies RecordData

/** A record to create: its identity (the key is derived) and whatever else it starts with. */
export type NewRecord = RecordData &
  Pick<PublishingRecord, 'status' | 'site' | 'integration' | 'documentCollection' | 'documentId'>

/**
 * Creates records in bulk, in `req`'s transaction: one insert for the rows and one for their
 * `document` relationship, whatever their number. Returns their ids by record key.
 */
export const insertRecords = async (
  req: PayloadRequest,
  records: NewRecord[],
): Promise<Map<string, number>> => {
  if (!records.length) return new Map()
  const now = new Date().toISOString()
  const rows = records.map(({ pending, document: _document, ...record }) => {
    const row: Record<string, unknown> = {
      createdAt: now,
      updatedAt: now,
      ...record,
      recordKey: recordKey(record.documentCollection, record.documentId, record.integration),
    }
    // A group is stored as prefixed columns.
    if (pending?.revision !== undefined) row.pending_revision = pending.revision
    if (pending?.action !== undefined) row.pending_action = pending.action
    if (pending?.remoteStatus !== undefined) row.pending_remoteStatus = pending.remoteStatus
    return row
  })
  const inserted = await bulkInsert(req, RECORDS_TABLE, rows)
  const ids = new Map(inserted.map((row) => [String(row.recordKey), Number(row.id)]))
  await bulkInsert(
    req,
    `${RECORDS_TABLE}_rels`,
    rows.map((row) => ({
      parent: ids.get(String(row.recordKey)),
      path: 'document',
      [`${String(row.documentCollection)}ID`]: row.documentId,
    })),
  )
  return ids
}

/** A record for a document imported from `item`: linked, in step, nothing pending. */
export const createLinkedRecord = async (
  req: PayloadRequest,
  {
    item,
    documentId,
    site,
    integration,
    contentHash,
    title,
    slug,
  }: {
    item: RemoteItem
    documentId: number
    site: number
    integration: number
    contentHash: string
    title: string
    slug: string
  },
): Promise<void> => {
  await insertRecords(req, [
    {
      ...inStep(item, contentHash),
      status: item.status === 'publish' ? 'published' : 'unpublished',
      remoteId: item.remoteId,
      documentCollection: item.collection,
      documentId,
      documentTitle: title,
      documentSlug: slug,
      site,
      integration,
      attempts: 0,
      pending: { revision: 0, action: 'publish', remoteStatus: 'publish' },
    },
  ])
}
