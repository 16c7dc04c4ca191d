import type { PayloadRequest } from 'payload'

import { APIError } from 'payload'

/** A 400 answer with a sentence saying what to fix. */
export const badRequest = (message: string) => new APIError(message, 400, undefined, true)

/** A positive integer route parameter, or a 400 that names it. */
export const numericParam = (req: PayloadRequest, name: string): number => {
  const value = Number(req.routeParams?.[name])
  if (!Number.isInteger(value) || value <= 0) {
    throw new APIError(`"${String(req.routeParams?.[name])}" is not a valid ${name}.`, 400, undefined, true)
  }
  return value
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
