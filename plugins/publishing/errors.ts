/**
 * The one error type adapters throw for remote failures. It says whether trying again can help,
 * and carries the remote status and message so the record can show what went wrong.
 */
export class PublishingError extends Error {
  override name = 'PublishingError'
  /** Trying again later can succeed (network trouble, timeouts, 408, 429, 5xx). */
  readonly retryable: boolean
  /** HTTP status of the remote answer, when there was one. */
  readonly status: number | null
  /** How long the remote asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | null

  constructor(
    message: string,
    { retryable, status = null, retryAfterMs = null }: { retryable: boolean; status?: number | null; retryAfterMs?: number | null },
  ) {
    super(message)
    this.retryable = retryable
    this.status = status
    this.retryAfterMs = retryAfterMs
  }
}

/** Statuses worth retrying: the remote may answer differently later. */
export const isRetryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500

/** Parses Retry-After (seconds or an HTTP date) into milliseconds from now. */
export const parseRetryAfter = (value: string | null, now = Date.now()): number | null => {
  if (!value) return null
  const seconds = Number(value)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

/** The gist of a remote error body: a JSON `message`/`error`, or the start of the text. */
const remoteMessage = (body: string): string => {
  try {
    const parsed: unknown = JSON.parse(body)
    if (parsed && typeof parsed === 'object') {
      for (const key of ['message', 'error', 'detail'] as const) {
        const value = (parsed as Record<string, unknown>)[key]
        if (typeof value === 'string' && value) return value
      }
    }
  } catch {
    // Not JSON: fall back to the text itself.
  }
  return body.replace(/\s+/g, ' ').trim().slice(0, 300)
}

/** Turns a non-2xx response into a PublishingError, reading its body for the remote's message. */
export const errorFromResponse = async (response: Response, what: string): Promise<PublishingError> => {
  const body = await response.text().catch(() => '')
  const detail = remoteMessage(body)
  const status = response.status
  return new PublishingError(`${what} failed: HTTP ${status}${detail ? `: ${detail}` : ''}`, {
    retryable: isRetryableStatus(status),
    status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  })
}

/** Wraps anything thrown while talking to a destination: network errors and timeouts are retryable. */
export const toPublishingError = (error: unknown, what: string): PublishingError => {
  if (error instanceof PublishingError) return error
  // Duck-typed: an aborted fetch rejects with a DOMException, which is not always an `Error`.
  const { name = '', message = String(error) } = (error && typeof error === 'object' ? error : {}) as { name?: string; message?: string }
  if (name === 'DestinationRefusedError') return new PublishingError(message, { retryable: false })
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new PublishingError(`${what} timed out: ${message}`, { retryable: true })
  }
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : ''
  return new PublishingError(`${what} failed: ${message}${cause}`, { retryable: true })
}
