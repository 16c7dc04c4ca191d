import type { Config } from 'payload'

import { defaultLoggerOptions } from 'payload'

/** pino's options, as Payload's config takes them (pino is Payload's dependency, not ours). */
type LoggerOptions = Extract<NonNullable<Config['logger']>, { options: unknown }>['options']

/** pino's number for the `error` level; `warn` is 40, `info` 30. */
const ERROR_LEVEL = 50

/**
 * Payload's errors that always answer 4xx, logged at `info` (Payload then logs the message only,
 * no stack). Payload's defaults already do this for Forbidden, Locked, MissingFile, NotFound and
 * ValidationError; these answer a wrong password, a locked account, a bad query or upload.
 * Not APIError: it carries any status, and is handled by status below.
 */
export const loggingLevels: Config['loggingLevels'] = {
  AuthenticationError: 'info',
  LockedAuth: 'info',
  QueryError: 'info',
  UnverifiedEmail: 'info',
  FileUploadError: 'info',
}

type ClientError = { name: string; message: string; status: number }

/** A Payload error (APIError and its kind: they carry `status` and `isPublic`) that answers 4xx. */
const asClientError = (value: unknown): ClientError | null => {
  if (typeof value !== 'object' || value === null) return null
  const { status, isPublic, name, message } = value as Record<string, unknown>
  if (typeof status !== 'number' || typeof isPublic !== 'boolean' || status < 400 || status >= 500)
    return null
  return { name: String(name), message: String(message), status }
}

/** The client error behind what Payload logs: the error itself (REST) or a GraphQL error's original. */
const clientErrorIn = (fields: unknown): ClientError | null => {
  if (typeof fields !== 'object' || fields === null) return null
  const err = (fields as { err?: unknown }).err
  if (typeof err !== 'object' || err === null) return null
  return asClientError(err) ?? asClientError((err as { originalError?: unknown }).originalError)
}

/**
 * A request the user got wrong (a 4xx answer) is not the server's error: Payload's error handler
 * logs an APIError (our endpoints' 400s, whatever status it carries) and every GraphQL error at
 * `error` with the stack, which buries real failures and fills logs with traces of typos. This
 * hook logs those at `info`, with the message and status and no stack. 5xx stay at `error`.
 */
export const clientErrorsAsInfo: NonNullable<LoggerOptions['hooks']>['logMethod'] = function (
  args,
  method,
  level,
) {
  const client = level >= ERROR_LEVEL ? clientErrorIn(args[0]) : null
  if (!client) return method.apply(this, args)
  this.info({ msg: client.message, error: client.name, status: client.status })
}

/** Payload's default pretty logger, with the hook above. */
export const logger: Config['logger'] = {
  options: { hooks: { logMethod: clientErrorsAsInfo } },
  destination: defaultLoggerOptions,
}
