import { ERROR_BODY_BYTES, readTextPrefix } from './net/readBody'

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
    {
      retryable,
      status = null,
      retryAfterMs = null,
    }: { retryable: boolean; status?: number | null; retryAfterMs?: number | null },
  ) {
    super(message)
    this.retryable = retryable
    this.status = status
    this.retryAfterMs = retryAfterMs
  }
}

/** Statuses worth retrying: the remote may answer differently later. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 429 || status >= 500

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
export const errorFromResponse = async (
  response: Response,
  what: string,
): Promise<PublishingError> => {
  // Only the start: a message is short, and a remote must not make us buffer an endless page.
  const body = await readTextPrefix(response, ERROR_BODY_BYTES)
  const detail = remoteMessage(body)
  const status = response.status
  return new PublishingError(`${what} failed: HTTP ${status}${detail ? `: ${detail}` : ''}`, {
    retryable: isRetryableStatus(status),
    status,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  })
}

/** Secrets at least this long are redacted wherever they appear; shorter ones only as whole words. */
const REDACT_ANYWHERE_LENGTH = 8
const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * `text` with every one of `secrets` (credentials, user names) replaced by `[redacted]`, case
 * apart. For text a remote wrote (an error message that may echo what we sent) before it goes
 * into `lastError`, a log or a response. A short secret (a user name like "bob") is replaced only
 * where it stands alone, so that it does not eat into other words.
 */
export const redactSecrets = (text: string, secrets: readonly unknown[]): string =>
  secrets
    .filter((secret): secret is string => typeof secret === 'string' && secret.trim().length > 0)
    .sort((a, b) => b.length - a.length) // the longer first: a password may contain the user name
    .reduce((result, secret) => {
      const literal = escapeRegExp(secret.trim())
      const pattern =
        secret.trim().length >= REDACT_ANYWHERE_LENGTH
          ? literal
          : `(?<![\\p{L}\\p{N}])${literal}(?![\\p{L}\\p{N}])`
      return result.replace(new RegExp(pattern, 'giu'), '[redacted]')
    }, text)

/** The error with its message redacted (see {@link redactSecrets}); the same error when nothing changes. */
export const redactError = (
  error: PublishingError,
  secrets: readonly unknown[],
): PublishingError => {
  const message = redactSecrets(error.message, secrets)
  if (message === error.message) return error
  return new PublishingError(message, {
    retryable: error.retryable,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
  })
}

/** Wraps anything thrown while talking to a destination: network errors and timeouts are retryable. */
export const toPublishingError = (error: unknown, what: string): PublishingError => {
  if (error instanceof PublishingError) return error
  // Duck-typed: an aborted fetch rejects with a DOMException, which is not always an `Error`.
  const { name = '', message = String(error) } = (
    error && typeof error === 'object' ? error : {}
  ) as { name?: string; message?: string }
  if (name === 'DestinationRefusedError') return new PublishingError(message, { retryable: false })
  // The remote would send the same oversized answer again.
  if (name === 'ResponseTooLargeError')
    return new PublishingError(`${what} failed: ${message}`, { retryable: false })
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new PublishingError(`${what} timed out: ${message}`, { retryable: true })
  }
  const cause =
    error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : ''
  return new PublishingError(`${what} failed: ${message}${cause}`, { retryable: true })
}
