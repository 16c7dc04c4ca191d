import type { Payload } from 'payload'

import crypto from 'crypto'
import { parse } from 'graphql'

import type { ReadCacheRuntime } from './runtime'

/** A request the cache may answer: its key (without the reader) and what its answer depends on. */
export type ReadPlan = { key: string; dependencies: readonly string[] }

/** Second path segments that are Payload's own endpoints, not document ids. */
const NOT_IDS = new Set([
  'versions',
  'access',
  'me',
  'init',
  'verify',
  'unlock',
  'login',
  'logout',
  'refresh-token',
  'forgot-password',
  'reset-password',
  'first-register',
  'file',
])
const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/

/** The query string in one spelling: keys sorted, the order of one key's values kept. */
export const normalisedQuery = (params: URLSearchParams): string =>
  [...params.entries()]
    .map(([key, value], index) => ({ key, value, index }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map(({ key, value }) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&')

/** A `where` or `sort` through a relationship (`categories.slug`) makes membership depend on it. */
const crossesRelationships = (params: URLSearchParams): boolean =>
  [...params.entries()].some(
    ([key, value]) =>
      ((key.startsWith('where') || key.startsWith('joins')) && key.includes('.')) ||
      (key === 'sort' && value.includes('.')),
  )

const depthOf = (payload: Payload, params: URLSearchParams): number | null => {
  const raw = params.get('depth')
  if (raw === null) return payload.config.defaultDepth
  if (!/^\d{1,3}$/.test(raw)) return null
  return Math.min(Number(raw), payload.config.maxDepth)
}

const customPaths = (payload: Payload, slug: string): Set<string> => {
  const collection = payload.config.collections.find((candidate) => candidate.slug === slug)
  const endpoints = Array.isArray(collection?.endpoints) ? collection.endpoints : []
  return new Set(endpoints.map((endpoint) => endpoint.path.split('/').filter(Boolean)[0] ?? ''))
}

/**
 * The plan of a REST read, or null when it must go to Payload: drafts, a path that is not a
 * document, a listing or a global of a cached collection, or a depth Payload would refuse.
 */
export const planRest = (
  payload: Payload,
  runtime: ReadCacheRuntime,
  segments: readonly string[],
  url: URL,
): ReadPlan | null => {
  const params = url.searchParams
  const draft = params.get('draft')
  if (draft !== null && draft !== 'false') return null
  const depth = depthOf(payload, params)
  if (depth === null) return null
  let root: string
  const [first, second, ...rest] = segments
  if (rest.length || !first) return null
  if (first === 'globals') {
    if (!second || !payload.config.globals.some((global) => global.slug === second)) return null
    root = `global:${second}`
  } else {
    if (!runtime.options.collections.includes(first)) return null
    if (second !== undefined) {
      if (!SEGMENT.test(second) || NOT_IDS.has(second)) return null
      if (customPaths(payload, first).has(second)) return null
    }
    root = first
  }
  const dependencies = crossesRelationships(params)
    ? runtime.graph.everything
    : runtime.graph.reach(root, depth)
  return { key: `REST ${segments.join('/')}?${normalisedQuery(params)}`, dependencies }
}

const READ_ONLY = new Map<string, boolean>()

/** Whether a GraphQL document only reads (no mutation or subscription), remembered per text. */
const onlyQueries = (query: string): boolean => {
  const known = READ_ONLY.get(query)
  if (known !== undefined) return known
  let result = false
  try {
    result = parse(query).definitions.every(
      (definition) => definition.kind !== 'OperationDefinition' || definition.operation === 'query',
    )
  } catch {
    result = false
  }
  if (READ_ONLY.size > 1000) READ_ONLY.clear()
  READ_ONLY.set(query, result)
  return result
}

/**
 * The plan of a GraphQL POST, or null for anything but a query (mutations, unparsable bodies).
 * A query may reach any collection, so it depends on all of them. The request's Content-Type and
 * Accept are part of the key: Payload's GraphQL handler (graphql-http) reads the body by the one
 * and names the answer's media type by the other.
 */
export const planGraphql = (
  runtime: ReadCacheRuntime,
  text: string,
  url: URL,
  headers: Headers,
): ReadPlan | null => {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null
  const { query, variables, operationName } = body as Record<string, unknown>
  if (typeof query !== 'string' || !onlyQueries(query)) return null
  // Drafts are for editors: a query that mentions them at all is never shared.
  if (/draft/i.test(query) || url.searchParams.has('draft')) return null
  const hash = crypto
    .createHash('sha256')
    .update(
      JSON.stringify([
        query,
        variables ?? null,
        operationName ?? null,
        headers.get('content-type'),
        headers.get('accept'),
      ]),
    )
    .update(normalisedQuery(url.searchParams))
    .digest('base64url')
  return { key: `GQL ${hash}`, dependencies: runtime.graph.everything }
}
