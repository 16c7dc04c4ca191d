import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

import type { BulkState } from '../integrations/bulkProgress'
import type { BackfillCursor, BackfillInput } from '../queue'
import type { BulkIntent, PublishingRecord } from '../records'
import type { BackfillItem } from '../rules/backfillPlan'

import { BACKFILL_CHUNK, BACKFILL_LOW_WATER, BACKFILL_WATCH_MS } from '../defaults'
import { buildDeliveryDocument, contentHash } from '../documents/buildDeliveryDocument'
import { lockBulkState, writeBulkState } from '../integrations/bulkProgress'
import { dropRunJobs, hasLiveBackfillStep, insertBackfillStep, insertDeliveryJobs } from '../queue'
import {
  countRun,
  recordKey,
  recordsByKey,
  settleDroppedRecords,
  tagRecordsWithRun,
  writeBulkIntents,
} from '../records'
import { registryOf } from '../registry'
import { countBackfill, nextBackfillChunk } from '../rules/backfillPlan'
import { inTransaction } from '../utilities/inTransaction'

/*
 * "Publish everything": a new destination gets every published document its rules send there.
 *
 * A run is a chain of backfill steps in the delivery queue (queue/backfillJobs.ts). Each step, in
 * one transaction under the integration's row lock (so a start, a cancel and a step never
 * interleave): queues the next chunk of documents as ordinary deliveries (only while the run's
 * backlog is short, so ordinary publishing never waits behind thousands of them), counts the run's
 * progress from its records into the integration's `bulk` group, and queues the next step; the
 * last one, once everything is listed and delivered, says `done`. The deliveries are the ordinary
 * ones: the same runner, rate, parent-first waits and adoption of remote copies (`findExisting`).
 *
 * A document whose record here is published with the content the destination already holds (same
 * content hash), or already on its way, is not sent again: running it again sends only what is
 * missing or changed.
 */

/** The 409 for a second start, or a cancel with nothing to cancel. */
const conflict = (message: string) => new APIError(message, 409, undefined, true)

type ChunkRecord = Pick<PublishingRecord, 'id' | 'status' | 'contentHash' | 'pending' | 'bulkRun'>

/** Whether `item`'s copy at the integration needs no delivery: up to date, or on its way. */
const needsNothing = async (
  req: PayloadRequest,
  integration: number,
  item: BackfillItem,
  record: ChunkRecord,
): Promise<boolean> => {
  if (record.pending?.action !== 'publish') return false
  if (record.status === 'queued' || record.status === 'publishing') return true
  if (record.status !== 'published' || !record.contentHash) return false
  if ((record.pending.remoteStatus ?? 'publish') !== item.remoteStatus) return false
  const document = await buildDeliveryDocument({
    payload: req.payload,
    req,
    collection: item.collection,
    id: item.doc.id,
    integration,
    remoteStatus: item.remoteStatus,
    serverURL: registryOf(req.payload).options.serverURL,
  }).catch(() => null)
  return document !== null && contentHash(document) === record.contentHash
}

/** Queues the run's next chunk after `cursor`; returns the cursor after it (null: all listed). */
const queueChunk = async (
  req: PayloadRequest,
  integration: number,
  state: BulkState,
  run: number,
  cursor: BackfillCursor,
): Promise<BackfillCursor | null> => {
  const { items, next } = await nextBackfillChunk(
    req,
    { site: state.site, integration },
    cursor,
    BACKFILL_CHUNK,
  )
  const keys = items.map((item) => recordKey(item.collection, item.doc.id, integration))
  const records = await recordsByKey(req, keys, ['status', 'contentHash', 'pending', 'bulkRun'])
  const upToDate: number[] = []
  const intents: BulkIntent[] = []
  for (const [index, item] of items.entries()) {
    const record = records.get(keys[index]!)
    // Already part of this run: the step ran before and its end was lost (a dead runner).
    if (record?.bulkRun === run) continue
    if (record && (await needsNothing(req, integration, item, record))) {
      upToDate.push(record.id)
      continue
    }
    intents.push({ ...item, record })
  }
  await tagRecordsWithRun(req, upToDate, run)
  const deliveries = await writeBulkIntents(req, { site: state.site, integration, run }, intents)
  await insertDeliveryJobs(
    req,
    deliveries.map((delivery) => ({ ...delivery, bulk: run })),
  )
  return next
}

/**
 * One step of a run (see above). Returns what it did, for the job's log.
 */
export const backfillStep = (req: PayloadRequest, input: BackfillInput): Promise<string> =>
  inTransaction(req, async () => {
    const state = await lockBulkState(req, input.integration)
    if (!state || state.run !== input.run) return 'superseded by another run'
    if (state.status !== 'running' && state.status !== 'cancelling') return `run ${state.status}`
    let cursor = input.cursor
    let queued = false
    if (state.status === 'running' && !state.isActive) {
      await writeBulkState(req, input.integration, { status: 'failed', finishedAt: new Date() })
      return 'integration inactive'
    }
    if (state.status === 'running' && cursor) {
      const { open } = await countRun(req, input.integration, input.run)
      if (open < BACKFILL_LOW_WATER) {
        cursor = await queueChunk(req, input.integration, state, input.run, cursor)
        queued = true
      }
    }
    const counts = await countRun(req, input.integration, input.run)
    const listed = state.status === 'cancelling' || cursor === null
    const finished = listed && counts.open === 0
    await writeBulkState(req, input.integration, {
      total: listed ? counts.total : Math.max(state.total, counts.total),
      done: counts.done,
      failed: counts.failed,
      ...(finished
        ? {
            status: state.status === 'cancelling' ? 'cancelled' : 'done',
            finishedAt: new Date(),
          }
        : {}),
    })
    if (finished)
      return `${state.status === 'cancelling' ? 'cancelled' : 'done'}: ${counts.done} delivered, ${counts.failed} failed`
    await insertBackfillStep(
      req,
      { integration: input.integration, run: input.run, cursor: listed ? null : cursor },
      queued ? {} : { waitUntil: new Date(Date.now() + BACKFILL_WATCH_MS) },
    )
    return queued ? 'chunk queued' : 'waiting for deliveries'
  })

/** What the admin shows before a run: how many documents it would deliver. */
export const previewBackfill = (
  req: PayloadRequest,
  integration: { id: number; site: number },
): Promise<number> => countBackfill(req, { site: integration.site, integration: integration.id })

/**
 * Starts a run for `integration`: 409 while one runs, else a new run number, the estimated total
 * and the first step, in one transaction. Returns the step's job id and the estimate.
 */
export const startBackfill = (
  req: PayloadRequest,
  integration: number,
): Promise<{ jobId: number; total: number; name: string }> =>
  inTransaction(req, async () => {
    const state = await lockBulkState(req, integration)
    if (!state)
      throw new APIError(`Integration ${integration} does not exist.`, 404, undefined, true)
    // A run whose last step failed for good has no step left: a new run replaces it.
    if (
      (state.status === 'running' || state.status === 'cancelling') &&
      (await hasLiveBackfillStep(req, integration))
    )
      throw conflict(
        `"Publish everything" is already running for "${state.name}": wait for it to finish, or cancel it first.`,
      )
    if (!state.isActive)
      throw new APIError(
        `Integration "${state.name}" is inactive: activate it before publishing everything to it.`,
        400,
        undefined,
        true,
      )
    const run = state.run + 1
    const total = await countBackfill(req, { site: state.site, integration })
    await writeBulkState(req, integration, {
      status: 'running',
      run,
      total,
      done: 0,
      failed: 0,
      startedAt: new Date(),
      finishedAt: null,
    })
    const jobId = await insertBackfillStep(req, {
      integration,
      run,
      cursor: { collection: 0, depth: 0, id: 0 },
    })
    return { jobId, total, name: state.name }
  })

/**
 * Cancels the running run of `integration`: it stops queuing, its deliveries not started yet are
 * dropped (their records settled, records/bulkRuns.ts), and a last step says `cancelled` once the
 * deliveries in flight have finished. 409 when no run is going on.
 */
export const cancelBackfill = (
  req: PayloadRequest,
  integration: number,
): Promise<{ name: string; dropped: number }> =>
  inTransaction(req, async () => {
    const state = await lockBulkState(req, integration)
    if (!state)
      throw new APIError(`Integration ${integration} does not exist.`, 404, undefined, true)
    if (state.status !== 'running')
      throw conflict(
        state.status === 'cancelling'
          ? `"Publish everything" for "${state.name}" is already being cancelled.`
          : `"Publish everything" is not running for "${state.name}": there is nothing to cancel.`,
      )
    await writeBulkState(req, integration, { status: 'cancelling' })
    const dropped = await dropRunJobs(req, integration, state.run)
    await settleDroppedRecords(req, dropped)
    await insertBackfillStep(req, { integration, run: state.run, cursor: null })
    return { name: state.name, dropped: dropped.length }
  })
