import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

/** A 400 answer with a sentence saying what to fix. */
export const badRequest = (message: string) => new APIError(message, 400, undefined, true)

/** The largest id PostgreSQL's `integer` holds: every id column here is one. */
export const MAX_ID = 2_147_483_647

/**
 * An id written in decimal digits only: no sign, exponent, hex, spaces or fraction, which
 * `Number()` and `parseFloat()` would quietly accept ("1e3", "0x10", " 1").
 */
const DIGITS = /^[0-9]{1,16}$/

export type ParsedId = { id: number } | { problem: 'malformed' | 'out of range' }

/** Reads an id from a route parameter (a string) or a JSON value (a number or a string). */
export const parseId = (raw: unknown): ParsedId => {
  const text = typeof raw === 'number' && Number.isSafeInteger(raw) ? String(Math.abs(raw)) : raw
  if (typeof text !== 'string' || !DIGITS.test(text)) return { problem: 'malformed' }
  const id = typeof raw === 'number' ? raw : Number(text)
  return id >= 1 && id <= MAX_ID ? { id } : { problem: 'out of range' }
}

/**
 * A positive integer route parameter: a 400 that names it when it is not written as one, a 404
 * (saying `noun` does not exist) when it is one that no row can have (0, or past 32 bits).
 */
export const numericParam = (req: PayloadRequest, name: string, noun = 'Document'): number => {
  const raw = req.routeParams?.[name]
  const parsed = parseId(raw)
  if ('id' in parsed) return parsed.id
  if (parsed.problem === 'out of range') throw new APIError(`${noun} ${String(raw)} does not exist.`, 404, undefined, true)
  throw badRequest(`"${String(raw)}" is not a valid ${name}: write it as a whole number such as 42.`)
}

/** The JSON body of a request, or a 400 saying it is not JSON. */
export const jsonBody = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  try {
    const body: unknown = req.json ? await req.json() : {}
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>
  } catch {
    // fall through to the 400 below
  }
  throw new APIError('The request body must be a JSON object.', 400, undefined, true)
}
