import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

import { parseId } from './ids'

export { MAX_ID, parseId, type ParsedId } from './ids'

/** A 400 answer with a sentence saying what to fix. */
export const badRequest = (message: string) => new APIError(message, 400, undefined, true)

/**
 * A positive integer route parameter: a 400 that names it when it is not written as one, a 404
 * (saying `noun` does not exist) when it is one that no row can have (0, or past 32 bits).
 */
export const numericParam = (req: PayloadRequest, name: string, noun = 'Document'): number => {
  const raw = req.routeParams?.[name]
  const parsed = parseId(raw)
  if ('id' in parsed) return parsed.id
  if (parsed.problem === 'out of range')
    throw new APIError(`${noun} ${String(raw)} does not exist.`, 404, undefined, true)
  throw badRequest(
    `"${String(raw)}" is not a valid ${name}: write it as a whole number such as 42.`,
  )
}

/** The JSON body of a request, or a 400 saying it is not JSON. */
export const jsonBody = async (req: PayloadRequest): Promise<Record<string, unknown>> => {
  try {
    const body: unknown = req.json ? await req.json() : {}
    if (body && typeof body === 'object' && !Array.isArray(body))
      return body as Record<string, unknown>
  } catch {
    // fall through to the 400 below
  }
  throw new APIError('The request body must be a JSON object.', 400, undefined, true)
}
