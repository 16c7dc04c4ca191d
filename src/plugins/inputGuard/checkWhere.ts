import type { Where } from 'payload'

import { APIError } from 'payload'

import { MAX_ID } from '@plugins/publishing/exports/server'

/** Operators whose value is compared with the column itself (`exists`, `like`, … are not ids). */
const COMPARISONS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'all',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
]
const LISTS = new Set(['in', 'not_in', 'all'])
/** Geometry operators: PostgreSQL fails (a 500) when they are used on anything but a point. */
const GEOMETRY = ['near', 'within', 'intersects']

export type QueryablePaths = { relationships: Set<string>; points: Set<string> }

const refuse = (message: string): never => {
  throw new APIError(message, 400, undefined, true)
}

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
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && value.trim()
        ? Number(value)
        : Number.NaN
  if (Number.isNaN(number)) return false
  return !Number.isInteger(number) || Math.abs(number) > MAX_ID
}

const isIdPath = (path: string, relationships: Set<string>): boolean =>
  path === 'id' || path.endsWith('.id') || path.endsWith('.value') || relationships.has(path)

const checkConstraint = (
  path: string,
  constraint: Record<string, unknown>,
  paths: QueryablePaths,
): void => {
  for (const operator of GEOMETRY) {
    if (operator in constraint && !paths.points.has(path))
      refuse(`where[${path}][${operator}] works on point fields only, and "${path}" is not one.`)
  }
  if (!isIdPath(path, paths.relationships)) return
  for (const operator of COMPARISONS) {
    if (!(operator in constraint)) continue
    const bad = valuesOf(operator, constraint[operator]).find(cannotBeId)
    if (bad !== undefined)
      refuse(
        `where[${path}][${operator}] is ${String(bad)}, which no id can be: ids are whole numbers from 1 to ${MAX_ID}.`,
      )
  }
}

/**
 * Refuses (400) a query PostgreSQL would fail on (a 500): `where` that is not a set of conditions,
 * an id or relationship compared with a number no id can be, a geometry operator on a field that
 * is not a point. Walks `and` / `or` to any depth.
 */
export const checkWhere = (where: unknown, paths: QueryablePaths): void => {
  if (where === undefined || where === null) return
  if (typeof where !== 'object' || Array.isArray(where))
    refuse('"where" must be a set of conditions, such as where[title][equals]=Hello.')
  for (const [path, constraint] of Object.entries(where as Where)) {
    if (path === 'and' || path === 'or') {
      if (!Array.isArray(constraint))
        refuse(
          `where[${path}] must be a list of conditions, such as where[${path}][0][title][equals]=Hello.`,
        )
      for (const nested of constraint as unknown[]) checkWhere(nested, paths)
      continue
    }
    if (!constraint || typeof constraint !== 'object' || Array.isArray(constraint)) {
      refuse(`where[${path}] must name an operator, such as where[${path}][equals]=….`)
    }
    checkConstraint(path, constraint as Record<string, unknown>, paths)
  }
}

/** `page` must be 1 or more: a page below 1 made a negative OFFSET, which PostgreSQL refuses. */
export const checkPage = (page: unknown): void => {
  if (page === undefined || page === null) return
  const number = Number(page)
  if (Number.isNaN(number)) return // Payload ignores what is no number and serves page 1
  if (!Number.isInteger(number) || number < 1)
    refuse(`"page" must be a whole number from 1 up, not ${String(page)}.`)
}
