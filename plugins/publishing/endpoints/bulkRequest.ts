import type { PayloadRequest } from 'payload'

import type { ResolvedPublishingOptions } from '../options'
import type { PublishableCollection } from '../types'

import { MAX_BULK_DESTINATIONS, MAX_BULK_DOCUMENTS } from '../defaults'
import { badRequest, jsonBody, parseId } from '../utilities/requests'

export const BULK_ACTIONS = ['publish', 'unpublish', 'retry'] as const
export type BulkAction = (typeof BULK_ACTIONS)[number]

/** A bulk action's body, checked: what to do to which documents, at which destinations. */
export type BulkRequest = {
  collection: PublishableCollection
  action: BulkAction
  /** Readable ids, each once, in the order given. */
  ids: number[]
  /** Ids written as whole numbers that no row can have (0, past 32 bits): refused as missing. */
  missing: string[]
  integrations: number[]
  /** Answer what would happen, per site, and change nothing. */
  preview: boolean
}

const shown = (value: unknown): string => JSON.stringify(value) ?? String(value)

/** A list of ids named `field`: every item a whole number (or its digits), `max` at most. */
const idList = (value: unknown, field: string, max: number, allowEmpty: boolean) => {
  if (!Array.isArray(value) || (!allowEmpty && value.length === 0)) {
    throw badRequest(`"${field}" must be a list of numeric ids, e.g. [12, 15].`)
  }
  if (value.length > max) {
    throw badRequest(
      `"${field}" names ${value.length} items; at most ${max} go in one request: split the selection.`,
    )
  }
  const ids = new Set<number>()
  const missing: string[] = []
  for (const [index, raw] of value.entries()) {
    const parsed = parseId(raw)
    if ('id' in parsed) ids.add(parsed.id)
    else if (parsed.problem === 'out of range') missing.push(shown(raw))
    else
      throw badRequest(
        `Item ${index + 1} of "${field}" (${shown(raw).slice(0, 40)}) is not a numeric id: write it as a whole number such as 42.`,
      )
  }
  return { ids: [...ids], missing }
}

/** Reads and checks the body of `POST /api/publishing/bulk`; a 400 with a sentence otherwise. */
export const readBulkRequest = async (
  req: PayloadRequest,
  options: ResolvedPublishingOptions,
): Promise<BulkRequest> => {
  const body = await jsonBody(req)
  const { collection, action } = body
  if (
    typeof collection !== 'string' ||
    !options.collections.includes(collection as PublishableCollection)
  ) {
    throw badRequest(`"collection" must be one of: ${options.collections.join(', ')}.`)
  }
  if (typeof action !== 'string' || !(BULK_ACTIONS as readonly string[]).includes(action)) {
    throw badRequest(`"action" must be one of: ${BULK_ACTIONS.join(', ')}.`)
  }
  if (body.preview !== undefined && typeof body.preview !== 'boolean')
    throw badRequest('"preview", when given, must be true or false.')
  const preview = body.preview === true
  const documents = idList(body.ids, 'ids', MAX_BULK_DOCUMENTS, false)
  const destinations = idList(
    body.integrations ?? (preview ? [] : undefined),
    'integrations',
    MAX_BULK_DESTINATIONS,
    preview,
  )
  if (destinations.missing.length) {
    throw badRequest(
      `Not active destinations of these documents' sites: ${destinations.missing.join(', ')}.`,
    )
  }
  return {
    collection: collection as PublishableCollection,
    action: action as BulkAction,
    ids: documents.ids,
    missing: documents.missing,
    integrations: destinations.ids,
    preview,
  }
}
