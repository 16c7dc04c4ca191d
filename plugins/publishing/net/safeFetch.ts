/**
 * `fetch` for URLs that users typed in (webhooks, destination APIs), guarded against
 * server-side request forgery.
 *
 * Every hop (the first request and each redirect) resolves its host once, refuses the request
 * when any resolved address is private or internal (see addressPolicy), and then connects only
 * to the addresses it checked: a per-hop undici Agent answers the socket's DNS lookup from the
 * checked list, so a DNS server that changes its answer between check and connect (DNS
 * rebinding) cannot swap the destination. The URL is left alone, so the Host header and the TLS
 * server name (and certificate check) are still those of the original host name.
 */
import { promises as dns, type LookupAddress } from 'node:dns'
import net, { type LookupFunction } from 'node:net'
import { Agent, fetch, type Response as UndiciResponse } from 'undici'

import { refusalReason } from './addressPolicy'
import { capBody, MAX_RESPONSE_BYTES } from './readBody'

/** The environment variable operators set to let requests reach private addresses. */
export const ALLOW_PRIVATE_ENV = 'ALLOW_PRIVATE_DESTINATIONS'

/** Options of {@link safeFetch}: the parts of `RequestInit` we support, plus the guard's knobs. */
export type SafeFetchInit = {
  /** HTTP method; `GET` when absent. */
  method?: string
  /** Request headers; Authorization, Proxy-Authorization and Cookie are not sent to other origins. */
  headers?: HeadersInit
  /** Kept as a string or bytes so it can be sent again when a 307/308 redirect is followed. */
  body?: string | Uint8Array
  /** Skip the address check (self-hosted setups that deliver inside their own network). */
  allowPrivate?: boolean
  /** Limit for the whole exchange, redirects and reading the body included. Default 15000. */
  timeoutMs?: number
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number
  /**
   * The most the response body may carry, in bytes; reading more fails with a
   * `ResponseTooLargeError`, and a larger Content-Length fails at once. Default 25 MiB.
   */
  maxBytes?: number
  /** The address policy; `refusalReason` unless a test injects another one. */
  refuse?: (address: string) => string | null
}

type Options = Required<
  Pick<SafeFetchInit, 'allowPrivate' | 'timeoutMs' | 'maxRedirects' | 'maxBytes' | 'refuse'>
>

/** One request of the redirect chain. */
type Hop = { url: URL; method: string; headers: Headers; body: string | Uint8Array | undefined }

const DEFAULT_TIMEOUT_MS = 15_000
const DEFAULT_MAX_REDIRECTS = 5
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308])
/** Headers describing a body, dropped with it when a redirect turns the request into a GET (Fetch spec). */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
]
/** Credentials meant for the original site, not for whatever other origin it redirects to. */
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie']

/**
 * Thrown when a URL is refused: not http(s), or a host that resolves to a private or internal
 * address. Retrying cannot help; the URL or the ALLOW_PRIVATE_DESTINATIONS setting must change.
 */
export class DestinationRefusedError extends Error {
  override name = 'DestinationRefusedError'
  /** The refused IP address; `null` when the URL was refused for its scheme. */
  readonly address: string | null
  /** Why, e.g. `'loopback address'`. */
  readonly reason: string
  /** The refused URL, without any user name or password. */
  readonly url: string

  constructor(
    message: string,
    { address, reason, url }: { address: string | null; reason: string; url: string },
  ) {
    super(message)
    this.address = address
    this.reason = reason
    this.url = url
  }
}

/** Thrown when a server keeps redirecting past `maxRedirects`. */
export class TooManyRedirectsError extends Error {
  override name = 'TooManyRedirectsError'
}

/**
 * Thrown when the exchange takes longer than `timeoutMs`. Its name is `TimeoutError`, like the
 * DOMException that `AbortSignal.timeout` produces, so code that checks the name treats both alike.
 */
export class SafeFetchTimeoutError extends Error {
  override name = 'TimeoutError'
  /** The requested URL, without any user name or password. */
  readonly url: string
  /** The limit that was exceeded. */
  readonly timeoutMs: number

  constructor(url: string, timeoutMs: number, cause: unknown) {
    super(`${url} did not answer within ${timeoutMs} ms`, { cause })
    this.url = url
    this.timeoutMs = timeoutMs
  }
}

/** The URL as it may appear in messages and logs: without user name and password. */
const displayUrl = (url: URL): string => {
  if (!url.username && !url.password) return url.href
  const copy = new URL(url.href)
  copy.username = ''
  copy.password = ''
  return copy.href
}

/** Parses the URL and refuses every scheme but http and https (file:, ftp:, data:, gopher:…). */
const httpUrl = (input: string | URL, base?: URL): URL => {
  const url = new URL(input, base)
  if (url.protocol === 'http:' || url.protocol === 'https:') return url
  const reason = `unsupported scheme ${url.protocol}`
  throw new DestinationRefusedError(
    `Refused to fetch ${displayUrl(url)}: only http: and https: URLs are allowed.`,
    {
      address: null,
      reason,
      url: displayUrl(url),
    },
  )
}

/** URL.hostname keeps the brackets of IPv6 literals; sockets and DNS want them off. */
const bareHost = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1')

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
const abortable = <T>(promise: Promise<T>, signal: AbortSignal): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })

/** The addresses a host name stands for: itself when it is a literal IP, else one DNS lookup. */
const resolveHost = async (host: string): Promise<LookupAddress[]> => {
  const family = net.isIP(host)
  if (family !== 0) return [{ address: host, family }]
  const addresses = await dns.lookup(host, { all: true })
  // getaddrinfo fails rather than answering nothing, but an empty list must not pass the check.
  if (addresses.length === 0) throw new Error(`${host} did not resolve to any address`)
  return addresses
}

/** Throws a DestinationRefusedError naming the first address the policy refuses. */
const checkAddresses = (addresses: LookupAddress[], url: URL, options: Options): void => {
  if (options.allowPrivate) return
  for (const { address } of addresses) {
    const reason = options.refuse(address)
    if (reason === null) continue
    throw new DestinationRefusedError(
      `Refused to connect to ${address} (${reason}) for ${displayUrl(url)}. Private and internal addresses are blocked; set ${ALLOW_PRIVATE_ENV}=true to allow them.`,
      { address, reason, url: displayUrl(url) },
    )
  }
}

/** The address family a lookup asks for (0 = any), in the forms Node passes it. */
const wantedFamily = (family: number | 'IPv4' | 'IPv6' | undefined): number =>
  family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : (family ?? 0)

/**
 * A `lookup` for net/tls.connect that answers only `host`, and only with the checked addresses,
 * instead of asking DNS a second time. Node calls it with `all: true` when it races IPv6 and IPv4
 * (autoSelectFamily, the default on Node 20); it is never called for literal IP hosts.
 */
const pinnedLookup =
  (host: string, addresses: LookupAddress[]): LookupFunction =>
  (hostname, options, callback) => {
    const family = wantedFamily(options.family)
    const usable = addresses.filter((address) => family === 0 || address.family === family)
    const first = usable[0]
    if (hostname.toLowerCase() !== host.toLowerCase() || !first) {
      const error: NodeJS.ErrnoException = new Error(
        `safeFetch: no checked address for ${hostname}`,
      )
      error.code = 'ENOTFOUND'
      callback(error, '', 0)
    } else if (options.all) {
      callback(null, usable)
    } else {
      callback(null, first.address, first.family)
    }
  }

/** Frees the agent's socket without surfacing errors: the response or error is what matters. */
const release = (agent: Agent, how: 'close' | 'destroy'): void => {
  const done = how === 'close' ? agent.close() : agent.destroy()
  done.catch(() => undefined)
}

/**
 * Sends one hop, with no redirect following, through an Agent pinned to the checked addresses.
 *
 * The Agent serves this single request. Once the headers are in, it is closed gracefully: undici
 * lets the running exchange finish (the caller keeps streaming the body) and then closes the
 * socket, so nothing stays in a keep-alive pool. A body the caller never reads is cut off by the
 * timeout signal at the latest. On errors the Agent is destroyed at once.
 */
const sendHop = async (
  hop: Hop,
  options: Options,
  signal: AbortSignal,
): Promise<UndiciResponse> => {
  const host = bareHost(hop.url)
  const addresses = await abortable(resolveHost(host), signal)
  checkAddresses(addresses, hop.url, options)
  const agent = new Agent({ connect: { lookup: pinnedLookup(host, addresses) } })
  try {
    const response = await fetch(hop.url, {
      method: hop.method,
      headers: [...hop.headers],
      body: hop.body,
      redirect: 'manual',
      signal,
      dispatcher: agent,
    })
    release(agent, 'close')
    return response
  } catch (error) {
    release(agent, 'destroy')
    throw error
  }
}

/** Where a response redirects to, or null when it is the final answer (also a 3xx without Location). */
const redirectLocation = (response: UndiciResponse): string | null =>
  REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null

/** The request a browser would send after this redirect (Fetch spec "HTTP-redirect fetch"). */
const followRedirect = (hop: Hop, status: number, location: string): Hop => {
  const url = httpUrl(location, hop.url)
  const method = hop.method.toUpperCase()
  const becomesGet =
    status === 303
      ? method !== 'GET' && method !== 'HEAD'
      : (status === 301 || status === 302) && method === 'POST'
  const headers = new Headers(hop.headers)
  if (becomesGet) for (const name of BODY_HEADERS) headers.delete(name)
  if (url.origin !== hop.url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name)
  return becomesGet ? { url, method: 'GET', headers, body: undefined } : { ...hop, url, headers }
}

/** Runs the redirect chain; every hop goes through the same checks as the first. */
const follow = async (
  first: Hop,
  options: Options,
  signal: AbortSignal,
): Promise<UndiciResponse> => {
  let hop = first
  for (let redirects = 0; ; redirects++) {
    const response = await sendHop(hop, options, signal)
    const location = redirectLocation(response)
    if (location === null) return response
    // The body of a redirect is never needed: cancel it rather than download it.
    await response.body?.cancel().catch(() => undefined)
    if (redirects >= options.maxRedirects) {
      throw new TooManyRedirectsError(
        `Too many redirects: ${displayUrl(first.url)} redirected more than ${options.maxRedirects} times`,
      )
    }
    hop = followRedirect(hop, response.status, location)
  }
}

/**
 * Fetches a user-supplied URL without letting it reach private or internal addresses.
 *
 * - Only http: and https: URLs; others throw {@link DestinationRefusedError}.
 * - The host is resolved once; if any of its addresses is refused (loopback, private, link-local,
 *   cloud metadata… see `refusalReason`) the request throws {@link DestinationRefusedError},
 *   unless `allowPrivate` is set. The connection goes only to the checked addresses.
 * - Redirects (301/302/303/307/308) are followed up to `maxRedirects`, each hop checked like the
 *   first; 303, and 301/302 after POST, continue as GET without body; credentials headers are
 *   dropped when the origin changes. More redirects throw {@link TooManyRedirectsError}.
 * - `timeoutMs` bounds the whole exchange. Before the response is returned a timeout throws
 *   {@link SafeFetchTimeoutError}; while the body is read, the body stream fails with the
 *   `TimeoutError` DOMException of `AbortSignal.timeout`. Both are named `TimeoutError`.
 * - Responses of any status are returned, as with `fetch`, their bodies capped at `maxBytes`
 *   (see `capBody`): a server cannot make us buffer an endless answer.
 *
 * HTTP(S)_PROXY variables are not used: a proxy would make its own connection and undo the check.
 */
export const safeFetch = async (url: string | URL, init: SafeFetchInit = {}): Promise<Response> => {
  const options: Options = {
    allowPrivate: init.allowPrivate ?? false,
    timeoutMs: init.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRedirects: init.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
    maxBytes: init.maxBytes ?? MAX_RESPONSE_BYTES,
    refuse: init.refuse ?? refusalReason,
  }
  const first: Hop = {
    url: httpUrl(url),
    method: init.method ?? 'GET',
    headers: new Headers(init.headers),
    body: init.body,
  }
  const signal = AbortSignal.timeout(options.timeoutMs)
  try {
    return capBody(asFetchResponse(await follow(first, options, signal)), options.maxBytes)
  } catch (error) {
    if (signal.aborted)
      throw new SafeFetchTimeoutError(displayUrl(first.url), options.timeoutMs, error)
    throw error
  }
}

/**
 * undici's Response implements the same Fetch API as the global one, but its type declarations
 * differ in details of the iterator types, so the two are not assignable to each other. The rest
 * of the code base (e.g. `errorFromResponse`) works with the global type, so that is what we return.
 */
const asFetchResponse = (response: UndiciResponse): Response => response as unknown as Response
