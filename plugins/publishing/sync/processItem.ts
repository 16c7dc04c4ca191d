import type { PublishingRecord } from '../records'
import type { PublishableCollection, RemoteItem } from '../types'
import type { SyncRun } from './types'

import { enqueueDelivery, schedulePublishAt } from '../queue'
import { createLinkedRecord, inStep, remoteHash, updateRecord } from '../records'
import { inTransaction } from '../utilities/inTransaction'
import { SKIP_PUBLISHING } from '../utilities/skipPublishing'
import { decide } from './decide'
import { deliverElsewhere } from './deliverElsewhere'
import { localData } from './localData'
import { localHash } from './localHash'
import { toRemoteVersion } from './remoteVersion'

type LocalDoc = {
  id: number
  _status?: string | null
  site?: number | null
  title?: string | null
  slug?: string | null
}

const readLocal = (run: SyncRun, collection: PublishableCollection, id: number) =>
  run.req.payload.db.findOne<LocalDoc>({ collection, where: { id: { equals: id } }, req: run.req })

/**
 * When the remote holds an item back until a later time (WordPress `future`) and its local
 * document is not published: that time. The document then stays a draft here, scheduled to
 * publish at it, so it goes live nowhere before (a published one is left as it is: its
 * `publishedAt` already makes its copy wait, see the adapter).
 */
const remoteSchedule = (item: RemoteItem, existing: LocalDoc | null): Date | null => {
  if (!item.scheduledFor || existing?._status === 'published') return null
  const at = new Date(item.scheduledFor)
  return at.getTime() > Date.now() ? at : null
}

/**
 * Writes a remote item into a local document (a new one when `existing` is null), without
 * delivering it back, and records both sides' hashes in the same transaction. A remote item
 * scheduled for later is written as a draft with Payload's scheduled publish for its time.
 */
export const writeLocal = async (
  run: SyncRun,
  item: RemoteItem,
  {
    existing,
    record,
    status,
  }: { existing: LocalDoc | null; record: PublishingRecord | null; status: 'published' | 'draft' },
): Promise<void> => {
  const { req, integration } = run
  const site = integration.site
  // Downloads and term look-ups before the transaction: no network call while it is open.
  const data = await localData(req, {
    item,
    site,
    existingId: existing?.id ?? null,
    fetch: run.context.fetch,
    integration: integration.id,
  })
  const scheduleAt = remoteSchedule(item, existing)
  const fields = scheduleAt
    ? { ...data, publishedAt: scheduleAt.toISOString(), _status: 'draft' as const }
    : { ...data, _status: status }
  await inTransaction(req, async () => {
    const options = {
      depth: 0,
      overrideAccess: true,
      context: { [SKIP_PUBLISHING]: true },
      req,
    } as const
    const doc = existing
      ? await req.payload.update({
          collection: item.collection,
          id: existing.id,
          data: fields,
          ...options,
        })
      : await req.payload.create({
          collection: item.collection,
          data: { ...fields, site },
          ...options,
        })
    const id = Number(doc.id)
    if (scheduleAt) await schedulePublishAt(req, item.collection, id, scheduleAt)
    const remoteStatus = record?.pending?.remoteStatus ?? 'publish'
    const hash = await localHash(req, {
      collection: item.collection,
      id,
      integration: integration.id,
      remoteStatus,
    })
    if (record) {
      await updateRecord(req, record.id, {
        ...inStep(item, hash),
        // A copy we had taken offline (unpublished) that is still a draft stays so.
        status:
          item.status === 'draft' && record.status === 'unpublished' ? 'unpublished' : 'published',
        documentTitle: data.title,
        documentSlug: data.slug,
      })
    } else {
      await createLinkedRecord(req, {
        item,
        documentId: id,
        site,
        integration: integration.id,
        contentHash: hash,
        title: data.title,
        slug: data.slug,
      })
    }
    run.stats.pushed += await deliverElsewhere(
      req,
      item.collection,
      doc as unknown as LocalDoc,
      integration.id,
    )
  })
}

/** Queues the delivery of the local document over its remote copy (the normal publish path). */
export const pushLocal = async (
  run: SyncRun,
  record: PublishingRecord,
  doc: LocalDoc,
  overRemote: RemoteItem | null,
): Promise<void> => {
  await inTransaction(run.req, async () => {
    // Overwriting a remote change on purpose (prefer-local, or resolved so): the guard must let it pass.
    if (overRemote)
      await updateRecord(run.req, record.id, {
        remoteHash: remoteHash(overRemote),
        remoteVersion: null,
      })
    await enqueueDelivery({
      req: run.req,
      collection: record.documentCollection,
      doc: { id: doc.id, title: doc.title, slug: doc.slug },
      site: record.site,
      integration: record.integration,
      action: 'publish',
      remoteStatus: record.pending?.remoteStatus ?? 'publish',
    })
  })
}

/** The local status a pulled item gives a linked document: it follows the remote only when the remote status moved. */
export const pulledStatus = (
  item: RemoteItem,
  record: PublishingRecord,
  doc: LocalDoc,
): 'published' | 'draft' => {
  const expected = record.pending?.remoteStatus ?? 'publish'
  if (item.status === expected) return doc._status === 'draft' ? 'draft' : 'published'
  return item.status === 'publish' ? 'published' : 'draft'
}

const markConflict = (run: SyncRun, record: PublishingRecord, item: RemoteItem) =>
  updateRecord(run.req, record.id, {
    status: 'conflict',
    remoteVersion: toRemoteVersion(item),
    lastError: `Changed both here and at "${run.integration.name}" since the last sync: choose which version to keep.`,
  })

/** One remote item with a record: the decision table (decide.ts), then its one action. */
const syncLinked = async (
  run: SyncRun,
  item: RemoteItem,
  record: PublishingRecord,
): Promise<void> => {
  const doc = await readLocal(run, record.documentCollection, record.documentId)
  if (!doc) return // deleted here: its removal job owns the record
  run.handled.add(record.id)
  const hash = remoteHash(item)
  const remoteStatus = record.pending?.remoteStatus ?? 'publish'
  // Building the local hash means rendering the document; the decision reads it only for a
  // published document whose record is not in conflict and whose copy was not removed.
  const needsLocal =
    doc._status === 'published' && record.status !== 'conflict' && item.removed === null
  const local = needsLocal
    ? await localHash(run.req, {
        collection: record.documentCollection,
        id: doc.id,
        integration: run.integration.id,
        remoteStatus,
      })
    : null
  const action = decide({
    remoteHash: hash,
    lastRemoteHash: record.remoteHash ?? null,
    sameModifiedAt:
      record.remoteModifiedAt != null &&
      Date.parse(record.remoteModifiedAt) === Date.parse(item.modifiedAt),
    localHash: local,
    lastLocalHash: record.contentHash ?? null,
    recordStatus: record.status,
    removed: item.removed !== null,
    policy: run.integration.conflictPolicy,
    direction: run.integration.syncDirection,
  })
  if (action !== 'none') run.stats.pulled++
  switch (action) {
    case 'none':
      // A record from before remote hashes, whose copy did not change: learn its hash once.
      if (!record.remoteHash && record.status !== 'conflict')
        await updateRecord(run.req, record.id, { remoteHash: hash })
      return
    case 'pull':
      await writeLocal(run, item, {
        existing: doc,
        record,
        status: pulledStatus(item, record, doc),
      })
      run.stats.updated++
      return
    case 'push':
      await pushLocal(run, record, doc, record.remoteHash !== hash ? item : null)
      run.stats.pushed++
      return
    case 'conflict':
      await markConflict(run, record, item)
      run.stats.conflicts++
      return
    case 'refresh-conflict':
      await updateRecord(run.req, record.id, { remoteVersion: toRemoteVersion(item) })
      return
    case 'mark-removed':
      await updateRecord(run.req, record.id, {
        remoteHash: hash,
        remoteModifiedAt: item.modifiedAt,
        remoteState: item.removed,
      })
      return
  }
}

/** One remote item without a record: imported when the integration says so, unless it is a copy of ours. */
const syncUnlinked = async (run: SyncRun, item: RemoteItem): Promise<void> => {
  if (
    item.removed ||
    !run.integration.importRemoteContent ||
    run.integration.syncDirection === 'push'
  )
    return
  // A copy of one of our documents (its delivery has not stored the remote id yet, or another
  // install made it): never imported as a second document.
  if (item.source) return
  run.stats.pulled++
  await writeLocal(run, item, {
    existing: null,
    record: null,
    status: item.status === 'publish' ? 'published' : 'draft',
  })
  run.stats.created++
}

/** Syncs one remote item, with its record when it has one. */
export const processItem = async (
  run: SyncRun,
  item: RemoteItem,
  record: PublishingRecord | null,
): Promise<void> => (record ? syncLinked(run, item, record) : syncUnlinked(run, item))
