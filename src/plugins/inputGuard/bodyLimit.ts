import { JSON_BODY_LIMIT, mebibytes, MULTIPART_OVERHEAD, UPLOAD_FILE_LIMIT } from './limits'

/** Collections that take file uploads, and so multipart bodies up to the upload limit. */
const UPLOAD_PATHS = [/^\/api\/media(\/|$)/]

const tooLarge = (limit: number, what: string): Response =>
  Response.json(
    {
      errors: [
        {
          message: `The request body is larger than ${mebibytes(limit)}, the most ${what} may be. Send less in one request.`,
        },
      ],
    },
    { status: 413 },
  )

/** The most a request to `pathname` with this content type may carry. */
export const bodyLimitFor = (
  pathname: string,
  contentType: string,
): { limit: number; what: string } =>
  contentType.startsWith('multipart/') && UPLOAD_PATHS.some((path) => path.test(pathname))
    ? { limit: UPLOAD_FILE_LIMIT + MULTIPART_OVERHEAD, what: 'an upload' }
    : { limit: JSON_BODY_LIMIT, what: 'a request to the API' }

/**
 * The answer to an API request whose body is too large, or null to let it through. The size is
 * read from Content-Length before a byte of the body is read; a body without one (chunked) is
 * refused with 411, since its size could only be learnt by reading it.
 */
export const refuseOversizedBody = (request: Request): Response | null => {
  if (!['POST', 'PUT', 'PATCH'].includes(request.method.toUpperCase())) return null
  const { pathname } = new URL(request.url)
  if (!pathname.startsWith('/api/')) return null
  const { limit, what } = bodyLimitFor(pathname, request.headers.get('content-type') ?? '')
  const length = request.headers.get('content-length')
  if (length === null) {
    if (request.headers.get('transfer-encoding') === null) return null
    return Response.json(
      { errors: [{ message: 'Send the request with a Content-Length header.' }] },
      { status: 411 },
    )
  }
  const bytes = /^[0-9]{1,15}$/.test(length) ? Number(length) : Number.NaN
  if (Number.isNaN(bytes)) {
    return Response.json(
      { errors: [{ message: 'The Content-Length header is not a number of bytes.' }] },
      { status: 400 },
    )
  }
  return bytes > limit ? tooLarge(limit, what) : null
}
