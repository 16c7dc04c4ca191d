import type { Where } from 'payload'

import { APIError } from 'payload'

import { MAX_ID } from '@plugins/publishing'

/** Operators whose value is compared with the column itself (`exists`, `like`, … are not ids). */
const COMPARISONS = ['equals', 'not_equals', 'in', 'not_in', 'all', 'greater_than', 'greater_than_equal', 'less_than', 'less_than_equal']
const LISTS = new Set(['in', 'not_in', 'all'])

const valuesOf = (operator: string, value: unknown): unknown[] => {
  if (!LISTS.has(operator)) return [value]
  if (Array.isArray(value)) return value
  return typeof value === 'string' ? value.split(',') : [value]
}

/**
 * A value PostgreSQL's `integer` cannot hold: a number (or numeric string) past 32 bits, or with
 * a fraction. Text that is no number at all is left to Payload, which matches nothing with it.
 */
const cannotBeId = (value: unknown): boolean => {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : Number.NaN
  if (Number.isNaN(number)) return false
  return !Number.isInteger(number) || Math.abs(number) > MAX_ID
}

const isIdPath = (path: string, relationships: Set<string>): boolean =>
  path === 'id' || path.endsWith('.id') || path.endsWith('.value') || relationships.has(path)

/**
 * Refuses (400) a query that compares an id or a relationship with a number no id can be: such a
 * number reached the database and failed there (a 500). Walks `and` / `or` to any depth.
 */
export const checkWhere = (where: Where | undefined, relationships: Set<string>): void => {
  if (!where || typeof where !== 'object') return
  for (const [path, constraint] of Object.entries(where)) {
    if (path === 'and' || path === 'or') {
      if (Array.isArray(constraint)) for (const nested of constraint) checkWhere(nested as Where, relationships)
      continue
    }
    if (!isIdPath(path, relationships) || !constraint || typeof constraint !== 'object') continue
    for (const operator of COMPARISONS) {
      if (!(operator in constraint)) continue
      const bad = valuesOf(operator, (constraint as Record<string, unknown>)[operator]).find(cannotBeId)
      if (bad === undefined) continue
      throw new APIError(
        `where[${path}][${operator}] is ${String(bad)}, which no id can be: ids are whole numbers from 1 to ${MAX_ID}.`,
        400,
        undefined,
        true,
      )
    }
  }
}
