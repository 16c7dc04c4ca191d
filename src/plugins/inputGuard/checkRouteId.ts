import type { PayloadRequest, SanitizedCollectionConfig } from 'payload'

import { APIError } from 'payload'

import { parseId } from '@plugins/publishing/exports/server'

/**
 * The `:id` of `/api/<collection>/:id` as the client wrote it. Payload reads it with
 * `parseFloat`, so "1e3" meant 1000, " 1" meant 1, "abc" became NaN and 99999999999 reached
 * PostgreSQL's `integer` column (a 500 for each of the last two).
 */
export const checkRouteId = (req: PayloadRequest, collection: SanitizedCollectionConfig): void => {
  const raw = req.routeParams?.id
  if (typeof raw !== 'string' || req.routeParams?.collection !== collection.slug) return
  // A collection with its own text ids takes any string.
  if (collection.flattenedFields.some((field) => field.name === 'id' && field.type === 'text'))
    return
  const parsed = parseId(raw)
  if ('id' in parsed) return
  const noun = String(collection.labels?.singular ?? collection.slug).toLowerCase()
  if (parsed.problem === 'out of range')
    throw new APIError(`There is no ${noun} with id ${raw}.`, 404, undefined, true)
  throw new APIError(
    `"${raw}" is not a valid id for ${collection.slug}: ids are whole numbers such as 42.`,
    400,
    undefined,
    true,
  )
}
