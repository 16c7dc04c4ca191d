import type { PayloadRequest } from 'payload'

import type { SiteGroup } from './bulkPlan'
import type { BulkRequest } from './bulkRequest'

import { removeCopies } from '../delivery/removeCopies'
import { enqueueDeliveries } from '../queue'
import { recordKey, recordsByKey, recordTrigger } from '../records'
import { documentFacts } from '../rules/planDeliveries'
import { resolveDestinations } from '../rules/resolveDestinations'
import { requeueFailed } from './requeueFailed'

const VERBS = { publish: 'published to', unpublish: 'taken down from', retry: 'retried at' }

/** What a bulk action will do on one site, in a sentence the dialog shows before it is confirmed. */
export const describeGroup = ({ action, collection }: BulkRequest, group: SiteGroup): string => {
  const count = `${group.documents.length} ${collection === 'pages' || group.documents.length !== 1 ? collection : collection.replace(/s$/, '')}`
  if (!group.chosen.length)
    return `${group.name}: no destination chosen, its ${count} stay as they are.`
  const names = group.destinations.filter((d) => group.chosen.includes(d.id)).map((d) => d.name)
  const what =
    action === 'retry'
      ? `the failed deliveries of ${count}`
      : action === 'unpublish'
        ? `the copies of ${count}`
        : count
  return `${group.name}: ${what} will be ${VERBS[action]} ${names.join(', ')}.`
}

/**
 * "Publish to…": a delivery of each document to each chosen destination of its site. The choice
 * replaces the rules' choice of destinations (manual rules included), not their remote status: a
 * rule that sends drafts to a destination still does.
 */
const publishGroup = async (req: PayloadRequest, request: BulkRequest, group: SiteGroup) => {
  let queued = 0
  for (const doc of group.documents) {
    const plans = resolveDestinations(
      documentFacts(request.collection, doc),
      group.rules,
      group.chosen,
    )
    const targets = group.chosen.map((integration) => ({
      integration,
      action: 'publish' as const,
      remoteStatus: plans.find((p) => p.integration === integration)?.remoteStatus ?? 'publish',
    }))
    const records = await enqueueDeliveries(
      { req, collection: request.collection, doc, site: group.site },
      targets,
    )
    for (const record of records) await recordTrigger(req, record)
    queued += records.filter(Boolean).length
  }
  return queued
}

/** "Retry failed at…": the failed records of the documents at the chosen destinations, queued again. */
const retryGroup = async (req: PayloadRequest, request: BulkRequest, group: SiteGroup) => {
  const keys = group.documents.flatMap((doc) =>
    group.chosen.map((integration) => recordKey(request.collection, doc.id, integration)),
  )
  const records = await recordsByKey(req, keys, [
    'status',
    'pending',
    'site',
    'integration',
    'documentCollection',
    'documentId',
    'documentTitle',
    'documentSlug',
  ])
  const failed = [...records.values()].filter((record) => record.status === 'failed')
  for (const record of failed) await requeueFailed(req, record)
  return failed.length
}

/**
 * Carries a checked bulk action out on one site, in the caller's transaction. Resolves to the
 * number of records it queued or changed.
 */
export const runBulkGroup = async (
  req: PayloadRequest,
  request: BulkRequest,
  group: SiteGroup,
): Promise<number> => {
  if (!group.chosen.length) return 0
  if (request.action === 'publish') return publishGroup(req, request, group)
  if (request.action === 'retry') return retryGroup(req, request, group)
  let changed = 0
  for (const doc of group.documents)
    changed += await removeCopies(req, request.collection, doc, { only: group.chosen })
  return changed
}
