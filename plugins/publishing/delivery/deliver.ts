import type { PayloadRequest } from 'payload'

import type { DeliveryInput } from '../queue'
import type { DeliveryAction, RecordData } from '../records'

import { buildDeliveryDocument, contentHash } from '../documents/buildDeliveryDocument'
import { PublishingError, redactError, toPublishingError } from '../errors'
import { adapterContext, IntegrationUnusableError } from '../integrations/adapterContext'
import { assertAdapterMaps } from '../publishable'
import { queueDeliveryRetry } from '../queue'
import { findRecord, updateRecord, withHistory } from '../records'
import { registryOf } from '../registry'
import { guardRemoteCopy, remoteSideAfterPublish } from '../sync/guardRemoteCopy'
import { retryDelay } from './backoff'
import { parentPending, requeueChildren } from './pageTree'

export type { DeliveryInput } from '../queue'

/**
 * Carries out one delivery of one record: publish (create or update the remote copy) or remove it.
 * The record is marked `publishing` before the remote call and the remote id stored the moment it
 * is known. A delivery for an older revision than the record's is superseded and does nothing.
 * Retryable failures schedule a new job after a backoff; the rest fail the record at once.
 */
export const deliver = async (req: PayloadRequest, input: DeliveryInput): Promise<string> => {
  const { payload } = req
  const registry = registryOf(payload)
  const record = await findRecord(req, input.record)
  if (!record || (record.pending?.revision ?? 0) !== input.revision) return 'superseded'
  const action: DeliveryAction = record.pending?.action ?? 'publish'
  const attempts = (record.attempts ?? 0) + 1
  const started = Date.now()
  const save = (data: RecordData) => updateRecord(req, record.id, data)

  await save({
    status: 'publishing',
    attempts,
    lastAttemptAt: new Date(started).toISOString(),
    nextAttemptAt: null,
  })
  // The integration's credentials, kept out of whatever the remote answered (see the catch).
  let secrets: unknown[] = []
  try {
    const { adapter, context, integration } = await adapterContext(payload, req, record.integration)
    secrets = Object.values(context.credentials)
    // Switched off after this delivery was queued: nothing goes out until someone retries it.
    if (!integration.isActive) {
      throw new IntegrationUnusableError(
        `Integration "${integration.name}" is inactive: activate it, then retry this delivery.`,
      )
    }
    assertAdapterMaps(adapter, record.documentCollection)
    const remote = record.remoteId
      ? {
          id: record.remoteId,
          url: record.remoteUrl ?? null,
          modifiedAt: record.remoteModifiedAt ?? null,
        }
      : null
    // A create keeps one key for the record's whole life, so a copy whose answer was lost is
    // found again even when a newer revision retries it; updates and removals key per revision.
    const idempotencyKey =
      remote || action !== 'publish'
        ? `syndicate-${record.id}-${input.revision}`
        : `syndicate-${record.id}-create`
    if (action === 'publish') {
      const document = await buildDeliveryDocument({
        payload,
        req,
        collection: record.documentCollection,
        id: record.documentId,
        integration: record.integration,
        remoteStatus: record.pending?.remoteStatus ?? 'publish',
        serverURL: registry.options.serverURL,
      })
      // A tree's document whose parent is on its way to this destination waits for the parent's
      // remote id instead of going out at the top level (delivery/pageTree.ts).
      const waitUntil = await parentPending(req, record, document)
      if (waitUntil) {
        await save({
          status: 'queued',
          attempts: record.attempts ?? 0,
          nextAttemptAt: waitUntil.toISOString(),
        })
        await queueDeliveryRetry(req, input, waitUntil)
        return 'waiting for parent'
      }
      let known = remote
      if (!known && adapter.capabilities.findExisting && adapter.findExisting) {
        const found = await adapter.findExisting(context, document)
        if (found) {
          await save({
            remoteId: found.remoteId,
            remoteUrl: found.remoteUrl,
            remoteModifiedAt: found.remoteModifiedAt,
          })
          known = { id: found.remoteId, url: found.remoteUrl, modifiedAt: found.remoteModifiedAt }
        }
      }
      // Two-way sync: never overwrite an edit made at the destination since we last saw the copy.
      if (!(await guardRemoteCopy(req, { adapter, context, record, remote: known })))
        return 'conflict'
      const result = await adapter.publish(context, { document, remote: known, idempotencyKey })
      await save({
        status: 'published',
        remoteId: result.remoteId,
        remoteUrl: result.remoteUrl,
        remoteModifiedAt: result.remoteModifiedAt,
        contentHash: contentHash(document),
        ...remoteSideAfterPublish(result),
        publishedAt: new Date().toISOString(),
        lastError: null,
        history: withHistory(record, {
          at: new Date().toISOString(),
          action,
          outcome: 'success',
          ...(result.notes?.length ? { message: result.notes.join(' ') } : {}),
          durationMs: Date.now() - started,
        }),
      })
      // A parent's first copy here: children that went out before it are delivered again, nested.
      // Its own delivery is done whatever happens here: a failure is logged, not retried.
      if (record.remoteId !== result.remoteId)
        await requeueChildren(req, record).catch((error: unknown) =>
          payload.logger.warn({
            msg: 'could not queue the deliveries of the children of a page delivered',
            record: record.id,
            error: error instanceof Error ? error.message : String(error),
          }),
        )
      return 'published'
    }
    if (remote) {
      await adapter.unpublish(context, {
        document: {
          collection: record.documentCollection,
          id: record.documentId,
          slug: record.documentSlug ?? '',
          title: record.documentTitle ?? '',
          site: { id: record.site, name: '', slug: '' },
        },
        remote,
        action,
        idempotencyKey,
      })
    }
    await save({
      status: 'unpublished',
      lastError: null,
      ...(action === 'delete' ? { remoteId: null, remoteUrl: null, remoteModifiedAt: null } : {}),
      history: withHistory(record, {
        at: new Date().toISOString(),
        action,
        outcome: 'success',
        durationMs: Date.now() - started,
      }),
    })
    return 'unpublished'
  } catch (caught) {
    // A remote's message may echo the user name or a secret we sent: it goes into lastError,
    // the history and the logs, so every credential of the integration is redacted from it.
    const error = redactError(
      caught instanceof IntegrationUnusableError
        ? new PublishingError(caught.message, { retryable: false })
        : toPublishingError(caught, action === 'publish' ? 'Delivery' : 'Removal'),
      secrets,
    )
    const wait = error.retryable
      ? retryDelay(attempts, registry.options.retryDelaysMs, { retryAfterMs: error.retryAfterMs })
      : null
    const at = new Date().toISOString()
    if (wait === null) {
      await save({
        status: 'failed',
        lastError: error.message,
        history: withHistory(record, {
          at,
          action,
          outcome: 'failed',
          message: error.message,
          durationMs: Date.now() - started,
        }),
      })
      payload.logger.warn({
        msg: 'delivery failed',
        record: record.id,
        integration: record.integration,
        error: error.message,
      })
      return 'failed'
    }
    const waitUntil = new Date(Date.now() + wait)
    await save({
      status: 'queued',
      lastError: error.message,
      nextAttemptAt: waitUntil.toISOString(),
      history: withHistory(record, {
        at,
        action,
        outcome: 'retry',
        message: error.message,
        durationMs: Date.now() - started,
      }),
    })
    await queueDeliveryRetry(req, input, waitUntil)
    return 'retry'
  }
}
