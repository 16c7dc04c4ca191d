/**
 * Document ids, read one way everywhere: access decisions, endpoint parameters, relationship
 * values in request bodies. Every id column here is a PostgreSQL `integer`.
 */

/** The largest id a PostgreSQL `integer` column holds; anything past it names no row. */
export const MAX_ID = 2_147_483_647

/**
 * An id written in decimal digits only: no sign, leading zero, exponent, hex, spaces or fraction, which
 * `Number()` and `parseFloat()` would quietly accept ("1e3", "0x10", " 1").
 */
const DIGITS = /^(0|[1-9][0-9]{0,15})$/

export type ParsedId = { id: number } | { problem: 'malformed' | 'out of range' }

/**
 * Reads one scalar id (a route parameter, or a number or string in JSON) and says what is wrong
 * with it when it is not one: `malformed` for anything not written as a whole number,
 * `out of range` for whole numbers no row can have (0, negative, past `MAX_ID`).
 */
export const parseId = (raw: unknown): ParsedId => {
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(Math.abs(raw)) : raw
  if (typeof text !== 'string' || !DIGITS.test(text)) return { problem: 'malformed' }
  const id = typeof raw === 'number' ? raw : Number(text)
  return id >= 1 && id <= MAX_ID ? { id } : { problem: 'out of range' }
}

/**
 * The scalar inside a relation value, in the spellings Payload and its clients use: the value
 * itself, `{ id }` (a populated document) or `{ relationTo, value }` (naming `collection` when
 * given; a populated `value` one level deep). `undefined` when the shape is none of these.
 */
export const relationScalar = (value: unknown, collection?: string): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  if ('relationTo' in value) {
    if (collection !== undefined && value.relationTo !== collection) return undefined
    const inner = (value as { value?: unknown }).value
    return inner !== null && typeof inner === 'object' ? (inner as { id?: unknown }).id : inner
  }
  return 'id' in value ? value.id : undefined
}

/**
 * The one reader of document ids that access decisions trust: a number, a numeric string,
 * `{ id }` or `{ relationTo, value }` (see `relationScalar`). Anything else, including "2abc",
 * 2.5, 0, -1, true, [] and numbers past `MAX_ID`, is unreadable: `null`, which callers must treat
 * as a refusal, never as "nothing to check".
 */
export const readId = (value: unknown, collection?: string): number | null => {
  const parsed = parseId(relationScalar(value, collection))
  return 'id' in parsed ? parsed.id : null
}
