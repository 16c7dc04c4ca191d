import { createAdminApiClient } from '@shopify/admin-api-client'
import { createHash } from 'crypto'

/**
 * Shopify's Admin GraphQL API through the official `@shopify/admin-api-client`, made once per
 * adapter call, with every request sent through `context.fetch` (the SSRF-safe fetch).
 *
 * - Endpoint: `https://<shopDomain>/admin/api/<apiVersion>/graphql.json`, token in
 *   `X-Shopify-Access-Token`. `shopDomain` may be a full origin (`http://127.0.0.1:4010`, a local
 *   stand-in) only when ALLOW_PRIVATE_DESTINATIONS is true.
 * - Pacing: every request reserves its estimated cost in the shop's bucket first (rateLimit.ts)
 *   and reports Shopify's `throttleStatus` after; a `THROTTLED` answer (HTTP 200, which the
 *   official client does not retry) waits its turn and is sent again.
 * - Errors are `PublishingError`s, each with a sentence saying what to fix: an unknown token (401),
 *   a wrong domain (404, or no server), a missing scope (`ACCESS_DENIED`). Network trouble, 429,
 *   5xx and `INTERNAL_SERVER_ERROR` are retryable; `userErrors` are read by the callers.
 */
import type { AdapterContext } from '@plugins/publishing/exports/server'

import {
  errorFromResponse,
  PublishingError,
  redactError,
  toPublishingError,
} from '@plugins/publishing/exports/server'
import { MAX_JSON_BYTES, readText } from '@plugins/publishing/exports/server'
import { ALLOW_PRIVATE_ENV } from '@plugins/publishing/exports/server'

import { rateLimitStore, type ThrottleStatus } from './rateLimit'

export type ShopifyConfig = { shopDomain: string; apiVersion?: string; blogHandle?: string }
export type ShopifyCredentials = { accessToken: string }
export type ShopifyContext = AdapterContext<ShopifyConfig, ShopifyCredentials>

export const DEFAULT_API_VERSION = '2026-01'
export const DEFAULT_BLOG_HANDLE = 'news'

/** One GraphQL document and what it costs before Shopify has told us (learnt from its answers after). */
export type Operation = { name: string; query: string; estimate: number }

export type GraphQLErrorEntry = {
  message: string
  path?: (string | number)[]
  extensions?: { code?: string; requiredAccess?: string } & Record<string, unknown>
}

export type ShopifyClient = {
  /** The store's address as entered, for messages. */
  shop: string
  blogHandle: string
  request<T>(operation: Operation, variables: Record<string, unknown>, what: string): Promise<T>
}

/** How long a request may keep waiting for the bucket before the delivery is retried later. */
const MAX_THROTTLED_WAIT_MS = 120_000
const REQUEST_TIMEOUT_MS = 30_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** `https://<domain>`, or the full origin a local stand-in was given as. */
export const shopOrigin = (config: ShopifyConfig): string => {
  const raw = (config.shopDomain ?? '').trim().replace(/\/+$/, '')
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      throw new PublishingError(`The Shopify store domain "${raw}" is not an address.`, {
        retryable: false,
      })
    }
    if (
      process.env[ALLOW_PRIVATE_ENV] !== 'true' ||
      !/^https?:$/.test(url.protocol) ||
      url.pathname !== '/'
    ) {
      throw new PublishingError(
        `Enter the Shopify store's domain without https:// or a path, e.g. my-store.myshopify.com (a full origin is accepted only for local test servers, with ${ALLOW_PRIVATE_ENV}=true).`,
        { retryable: false },
      )
    }
    return url.origin
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/i.test(raw)) {
    throw new PublishingError(
      `The Shopify store domain "${raw}" is not a domain: enter e.g. my-store.myshopify.com.`,
      { retryable: false },
    )
  }
  return `https://${raw.toLowerCase()}`
}

export const apiVersionOf = (config: ShopifyConfig): string => {
  const version = config.apiVersion?.trim() || DEFAULT_API_VERSION
  if (!/^(\d{4}-(01|04|07|10)|unstable)$/.test(version)) {
    throw new PublishingError(
      `The Shopify API version "${version}" is not one: versions look like ${DEFAULT_API_VERSION}.`,
      { retryable: false },
    )
  }
  return version
}

/** The bucket's key: Shopify's bucket is per app and store, and the token stands for the app (only a digest is stored). */
export const bucketKey = (origin: string, accessToken: string): string =>
  `${new URL(origin).host}#${createHash('sha256').update(accessToken).digest('hex').slice(0, 16)}`

/** Costs Shopify reported per document, in this process: better estimates than ours. */
const learnt = new Map<string, number>()
/** While a bucket is unknown, one request per process finds out; the others wait for it. */
const probes = new Map<string, Promise<void>>()
/** The requests of this process waiting for each bucket, in line. */
const lines = new Map<string, Promise<void>>()

type Answer = {
  data?: Record<string, unknown> | null
  errors?: GraphQLErrorEntry[] | string
  extensions?: {
    cost?: {
      requestedQueryCost?: number
      actualQueryCost?: number | null
      throttleStatus?: ThrottleStatus
    }
  }
}

const parseAnswer = (text: string): Answer | null => {
  try {
    const parsed = JSON.parse(text) as unknown
    return parsed && typeof parsed === 'object' ? (parsed as Answer) : null
  } catch {
    return null
  }
}

/** Shopify's message for an HTTP failure, with what to do about it. */
const httpFailure = async (
  response: Response,
  what: string,
  shop: string,
): Promise<PublishingError> => {
  const base = await errorFromResponse(response, what)
  const status = response.status
  const sentence =
    status === 401
      ? `Shopify refused the access token at ${shop}: copy the Admin API access token of the store's custom app again (Settings → Apps and sales channels → Develop apps), or reinstall the app.`
      : status === 404
        ? `No Shopify store answered at ${shop}: check the store domain (the my-store.myshopify.com address, not the shop's own domain) and the API version.`
        : status === 402
          ? `The Shopify store at ${shop} is frozen (its bill is unpaid): it takes no changes until it is reactivated.`
          : status === 423
            ? `The Shopify store at ${shop} is locked by Shopify.`
            : status === 403
              ? `Shopify forbade the request at ${shop}: the app may have been uninstalled or the store closed.`
              : null
  if (!sentence) return base
  return new PublishingError(`${what} failed: ${sentence}`, {
    retryable: base.retryable,
    status,
    retryAfterMs: base.retryAfterMs,
  })
}

/** A GraphQL `errors` answer (not THROTTLED) as a PublishingError. */
const graphQLFailure = (
  errors: GraphQLErrorEntry[],
  what: string,
  shop: string,
): PublishingError => {
  const denied = errors.find((e) => e.extensions?.code === 'ACCESS_DENIED')
  if (denied) {
    const scope = denied.extensions?.requiredAccess ?? 'the content access scopes'
    return new PublishingError(
      `${what} failed: the Shopify app at ${shop} lacks the access scope it needs (${String(scope).replace(/`/g, '').replace(/\.$/, '')}). In the app's Admin API configuration grant write_content (blogs, articles) and write_online_store_pages (pages), then install the app again and save its new token here.`,
      { retryable: false, status: 200 },
    )
  }
  const retryable = errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')
  const message = errors.map((e) => e.message).join('; ')
  return new PublishingError(`${what} failed: Shopify answered: ${message.slice(0, 500)}`, {
    retryable,
    status: 200,
  })
}

export const shopifyClient = (context: ShopifyContext): ShopifyClient => {
  const origin = shopOrigin(context.config)
  const apiVersion = apiVersionOf(context.config)
  const blogHandle = context.config.blogHandle?.trim() || DEFAULT_BLOG_HANDLE
  const shop = context.config.shopDomain.trim()
  const endpoint = `${origin}/admin/api/${apiVersion}/graphql.json`
  const accessToken = context.credentials.accessToken?.trim() ?? ''
  if (!accessToken)
    throw new PublishingError('No Shopify access token is saved on this integration.', {
      retryable: false,
    })
  const key = bucketKey(origin, accessToken)

  // What the last request threw, before the official client wrapped it in a plain Error.
  let thrown: unknown = null
  const api = createAdminApiClient({
    storeDomain: new URL(origin).host,
    apiVersion,
    accessToken,
    userAgentPrefix: 'Syndicate',
    retries: 0,
    logger: (log) => {
      if (log.type === 'Unsupported_Api_Version')
        context.logger.warn('Shopify API version not among the supported ones', { apiVersion })
    },
    // The client builds https://<host>/…; the request goes to the origin we checked, through the guard.
    customFetchApi: async (_url, init) => {
      try {
        return await context.fetch(endpoint, {
          method: 'POST',
          headers: init?.headers as Record<string, string>,
          body: init?.body as string,
          timeoutMs: REQUEST_TIMEOUT_MS,
          maxRedirects: 0,
        })
      } catch (error) {
        thrown = error
        throw error
      }
    },
  })

  const secrets = [accessToken]

  /**
   * Waits for this request's turn in the bucket; returns the points taken, and `release` when this
   * request is the one finding out an unknown bucket (the others wait for its answer). Requests of
   * this process wait in line, so only the first one asks the database again.
   */
  const reserve = (
    cost: number,
    what: string,
  ): Promise<{ reserved: number; release: (() => void) | null }> => {
    const run = async (): Promise<{ reserved: number; release: (() => void) | null }> => {
      const started = Date.now()
      for (;;) {
        const turn = await rateLimitStore().take(key, cost)
        if (turn?.granted) return { reserved: cost, release: null }
        if (turn) {
          if (Date.now() - started > MAX_THROTTLED_WAIT_MS) {
            throw new PublishingError(
              `${what} failed: Shopify's rate limit left no room for ${Math.round(MAX_THROTTLED_WAIT_MS / 1000)} s.`,
              { retryable: true },
            )
          }
          await sleep(turn.waitMs)
          continue
        }
        const probe = probes.get(key)
        if (!probe) {
          let resolve: () => void = () => undefined
          const mine = new Promise<void>((done) => (resolve = done))
          probes.set(key, mine)
          return {
            reserved: 0,
            release: () => {
              if (probes.get(key) === mine) probes.delete(key)
              resolve()
            },
          }
        }
        await probe
      }
    }
    const turn = (lines.get(key) ?? Promise.resolve()).then(run)
    lines.set(
      key,
      turn.then(
        () => undefined,
        () => undefined,
      ),
    )
    return turn
  }

  const request: ShopifyClient['request'] = async <T>(
    operation: Operation,
    variables: Record<string, unknown>,
    what: string,
  ): Promise<T> => {
    const started = Date.now()
    for (;;) {
      const estimate = learnt.get(operation.name) ?? operation.estimate
      const turn = await reserve(estimate, what)
      let reserved = turn.reserved
      try {
        thrown = null
        let response: Response
        try {
          response = await api.fetch(operation.query, { variables })
        } catch (error) {
          throw redactError(toPublishingError(thrown ?? error, what), secrets)
        }
        if (response.status !== 200)
          throw redactError(await httpFailure(response, what, shop), secrets)
        const text = await readText(response, MAX_JSON_BYTES).catch((error: unknown) => {
          throw toPublishingError(error, what)
        })
        const answer = parseAnswer(text)
        if (!answer)
          throw new PublishingError(
            `${what} failed: Shopify answered with something that is not JSON.`,
            { retryable: true, status: 200 },
          )
        const cost = answer.extensions?.cost
        const errors = Array.isArray(answer.errors)
          ? answer.errors
          : typeof answer.errors === 'string'
            ? [{ message: answer.errors }]
            : []
        const throttled = errors.some((e) => e.extensions?.code === 'THROTTLED')
        if (cost?.throttleStatus) {
          if (typeof cost.requestedQueryCost === 'number')
            learnt.set(
              operation.name,
              Math.max(cost.requestedQueryCost, learnt.get(operation.name) ?? 0),
            )
          await rateLimitStore().settle(
            key,
            reserved,
            throttled ? 0 : (cost.actualQueryCost ?? cost.requestedQueryCost ?? reserved),
            cost.throttleStatus,
            throttled,
          )
          reserved = 0
        }
        if (throttled) {
          if (Date.now() - started > MAX_THROTTLED_WAIT_MS) {
            throw new PublishingError(
              `${what} failed: Shopify kept throttling the request for ${Math.round(MAX_THROTTLED_WAIT_MS / 1000)} s.`,
              { retryable: true, status: 200 },
            )
          }
          context.logger.info('Shopify throttled a request; waiting for the bucket', { what })
          // Without a known bucket, wait a little; with one, the next reservation waits its turn.
          if (!cost?.throttleStatus) await sleep(1000)
          continue
        }
        if (errors.length) throw redactError(graphQLFailure(errors, what, shop), secrets)
        if (!answer.data)
          throw new PublishingError(`${what} failed: Shopify answered without data.`, {
            retryable: true,
            status: 200,
          })
        return answer.data as T
      } finally {
        turn.release?.()
        // No answer to settle with (the request failed on the way): stop counting its points as in flight.
        if (reserved > 0)
          await rateLimitStore()
            .release(key, reserved)
            .catch(() => undefined)
      }
    }
  }

  return { shop, blogHandle, request }
}

/** `userErrors` of a mutation, as one failure: they are Shopify's refusal, not worth retrying. */
export type UserError = { code?: string | null; field?: string[] | null; message: string }

export const userErrorsFailure = (userErrors: UserError[], what: string): PublishingError =>
  new PublishingError(
    `${what} failed: Shopify refused it: ${userErrors.map((e) => `${e.field?.length ? `${e.field.join('.')}: ` : ''}${e.message}${e.code ? ` (${e.code})` : ''}`).join('; ')}`,
    { retryable: false, status: 200 },
  )
