/**
 * A small client for the WordPress REST API, made once per adapter call.
 *
 * - Base: `config.siteUrl`. Requests go to `/wp-json/…` (pretty permalinks); when the site does not
 *   serve that (an answer that is not JSON, e.g. the theme's 404 page), the client switches to
 *   `/?rest_route=…`, which every WordPress answers, and keeps it for the rest of the call chain.
 * - Auth: HTTP Basic with the user name and Application Password (WordPress shows the password in
 *   groups with spaces; they are not part of it).
 * - Answers are read with a cap (`maxBytes`, 8 MiB by default); a larger one fails for good.
 * - Errors: every failure is a `PublishingError`. 401 and 403 say which credential is wrong or which
 *   capability is missing; 5xx, 408, 429, timeouts and network failures are retryable.
 *
 * WordPress answers a wrong password like an anonymous request: public reads succeed (200), so a
 * read never proves the credentials. Only `users/me`, `context=edit` and writes refuse (401).
 */
import type { AdapterContext } from '@plugins/publishing/exports/server'

import {
  errorFromResponse,
  MAX_JSON_BYTES,
  PublishingError,
  readText,
  redactError,
  toPublishingError,
} from '@plugins/publishing/exports/server'

export type WordPressConfig = { siteUrl: string; pageTemplates?: string }
export type WordPressCredentials = { username: string; applicationPassword: string }
export type WordPressContext = AdapterContext<WordPressConfig, WordPressCredentials>

type Query = Record<string, string | number | boolean | readonly (string | number)[] | undefined>

export type WordPressRequest = {
  /** What is being done, for messages: "Creating the WordPress post". */
  what: string
  query?: Query
  /** Sent as JSON. */
  json?: unknown
  /** Sent as is (a media upload). */
  file?: { bytes: Uint8Array; contentType: string; filename: string }
  /** The capability a 403 means is missing, for the message. */
  capability?: string
  /** Statuses returned to the caller instead of thrown (e.g. 404 when a post may be gone). */
  allow?: readonly number[]
  timeoutMs?: number
  /** The most the answer may carry; more fails the request for good. @default MAX_JSON_BYTES (8 MiB) */
  maxBytes?: number
}

export type WordPressResponse = { status: number; headers: Headers; body: unknown }

export type WordPressClient = {
  /** The site URL without a trailing slash. */
  siteUrl: string
  request(
    method: 'GET' | 'POST' | 'DELETE',
    route: string,
    request: WordPressRequest,
  ): Promise<WordPressResponse>
}

/** Where the REST API lives on this site; learnt on the first request of a client. */
type ApiStyle = 'pretty' | 'query'

const USER_AGENT = 'Syndicate-WordPress/1'

const encodeQuery = (query: Query | undefined, into: URLSearchParams): void => {
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue
    if (Array.isArray(value)) for (const item of value) into.append(`${key}[]`, String(item))
    else into.set(key, String(value))
  }
}

/** The URL of `route` (`/wp/v2/posts`) on `siteUrl` in the given style. */
export const restUrl = (siteUrl: string, style: ApiStyle, route: string, query?: Query): string => {
  const url = new URL(style === 'pretty' ? `${siteUrl}/wp-json${route}` : `${siteUrl}/`)
  if (style === 'query') url.searchParams.set('rest_route', route)
  encodeQuery(query, url.searchParams)
  return url.toString()
}

const isJson = (response: Response): boolean =>
  /\bjson\b/i.test(response.headers.get('content-type') ?? '')

/** An answer that did not come from the REST API: a web page where JSON was expected. */
const notRestApi = (response: Response): boolean =>
  !isJson(response) && (response.status === 404 || response.ok)

const parseBody = (text: string): unknown => {
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

/**
 * The sentence added to a 401 or 403, saying what to fix. It names no user: messages end up in
 * records, logs and the admin, and the integration's form shows which user it is.
 */
const advice = (status: number, capability: string | undefined): string | null => {
  if (status === 401) {
    return 'WordPress refused the username or application password: check the username saved on this integration and create a new Application Password for it (Users → Profile → Application Passwords).'
  }
  if (status === 403) {
    return capability
      ? `The integration's WordPress user lacks the "${capability}" capability: give it a role that has it (e.g. Editor).`
      : "The integration's WordPress user is not allowed to do this: give it a role with more capabilities (e.g. Editor)."
  }
  return null
}

/** What a WordPress message may echo of what we sent, and must not be passed on. */
export const credentialsIn = ({
  username,
  applicationPassword,
}: WordPressCredentials): string[] => [
  username,
  applicationPassword,
  applicationPassword.replace(/\s+/g, ''),
  authorization({ username, applicationPassword }).slice('Basic '.length),
]

/**
 * A non-2xx answer as a PublishingError, with WordPress's message and our advice. WordPress (or a
 * security plugin) may name the user in its message ("the password you entered for the username
 * …"): credentials are redacted from it.
 */
const failure = async (
  response: Response,
  request: WordPressRequest,
  credentials: WordPressCredentials,
): Promise<PublishingError> => {
  const base = redactError(
    await errorFromResponse(response, request.what),
    credentialsIn(credentials),
  )
  const extra = advice(response.status, request.capability)
  return new PublishingError(extra ? `${base.message} ${extra}` : base.message, {
    retryable: base.retryable,
    status: base.status,
    retryAfterMs: base.retryAfterMs,
  })
}

const authorization = ({ username, applicationPassword }: WordPressCredentials): string =>
  `Basic ${Buffer.from(`${username}:${applicationPassword.replace(/\s+/g, '')}`, 'utf8').toString('base64')}`

/**
 * A file name for Content-Disposition. WordPress reads only `filename=` and takes its bytes as
 * UTF-8, while HTTP header values are bytes (Latin-1 strings to fetch): so the UTF-8 bytes are
 * sent one per character. Quotes, backslashes, semicolons and line breaks would end the value.
 */
const headerSafe = (filename: string): string =>
  Buffer.from(filename.replace(/["\\;\r\n]/g, '_'), 'utf8').toString('latin1')

/** The headers and body of one request. */
const prepare = (
  context: WordPressContext,
  request: WordPressRequest,
): { headers: Record<string, string>; body?: string | Uint8Array } => {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    Authorization: authorization(context.credentials),
    'User-Agent': USER_AGENT,
  }
  if (request.file) {
    headers['Content-Type'] = request.file.contentType
    headers['Content-Disposition'] = `attachment; filename="${headerSafe(request.file.filename)}"`
    return { headers, body: request.file.bytes }
  }
  if (request.json === undefined) return { headers }
  headers['Content-Type'] = 'application/json'
  return { headers, body: JSON.stringify(request.json) }
}

/** Sends one request; network failures and redirects become PublishingErrors. */
const send = async (
  context: WordPressContext,
  method: string,
  url: string,
  request: WordPressRequest,
): Promise<Response> => {
  try {
    // A redirected POST would come back as a body-less GET: refuse redirects and say so.
    return await context.fetch(url, {
      method,
      ...prepare(context, request),
      timeoutMs: request.timeoutMs,
      maxRedirects: 0,
    })
  } catch (error) {
    if (error instanceof Error && error.name === 'TooManyRedirectsError') {
      throw new PublishingError(
        `${request.what} failed: WordPress at ${context.config.siteUrl} answered with a redirect. Enter the address it redirects to (often https:// or with or without www) as the site URL.`,
        { retryable: false },
      )
    }
    throw toPublishingError(error, request.what)
  }
}

const discard = (response: Response): Promise<void> =>
  response.body?.cancel().catch(() => undefined) ?? Promise.resolve()

/** A client for the integration's site; it finds out where the REST API lives on first use. */
export const wordPressClient = (context: WordPressContext): WordPressClient => {
  const siteUrl = context.config.siteUrl.trim().replace(/\/+$/, '')
  let style: ApiStyle | null = null

  /** Sends in the known style; the first time, tries /wp-json/ and then /?rest_route=. */
  const locate = async (
    method: string,
    route: string,
    request: WordPressRequest,
  ): Promise<Response> => {
    if (style) return send(context, method, restUrl(siteUrl, style, route, request.query), request)
    const pretty = await send(
      context,
      method,
      restUrl(siteUrl, 'pretty', route, request.query),
      request,
    )
    if (!notRestApi(pretty)) {
      style = 'pretty'
      return pretty
    }
    // Not routed to WordPress's REST API, so nothing happened: sending again is safe.
    await discard(pretty)
    const query = await send(
      context,
      method,
      restUrl(siteUrl, 'query', route, request.query),
      request,
    )
    if (notRestApi(query)) {
      await discard(query)
      throw new PublishingError(
        `${request.what} failed: no WordPress REST API answered at ${siteUrl} (tried /wp-json/ and /?rest_route=). Check the site URL.`,
        { retryable: false, status: query.status },
      )
    }
    style = 'query'
    return query
  }

  const request: WordPressClient['request'] = async (method, route, options) => {
    const response = await locate(method, route, options)
    // A failure is told by its status; only the start of its body is read, for the message.
    if (!response.ok && !options.allow?.includes(response.status))
      throw await failure(response, options, context.credentials)
    const text = await readText(response, options.maxBytes ?? MAX_JSON_BYTES).catch(
      (error: unknown) => {
        throw toPublishingError(error, options.what)
      },
    )
    return { status: response.status, headers: response.headers, body: parseBody(text) }
  }

  return { siteUrl, request }
}
