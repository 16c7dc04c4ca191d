import type { Payload } from 'payload'

import crypto from 'crypto'

import { hasSessionCookie } from './session'

/** Who reads, as far as a cached answer may be shared: the public, one API key's user, or nobody. */
export type Reader =
  | { kind: 'anonymous' }
  | { kind: 'api-key'; userId: number | string }
  /** A signed-in user (session cookie or JWT), or credentials we do not recognise: always fresh. */
  | { kind: 'fresh' }

type KeyOwner = { userId: number | string | null; checkedAt: number }

/**
 * The user behind each API key seen, under the HMAC Payload indexes keys by (never the key
 * itself), checked again once the users collection has changed after `checkedAt`.
 */
const owners = new Map<string, KeyOwner>()
const MAX_OWNERS = 10_000

/**
 * Sorts a request into a reader class from its headers alone, except for an API key, whose user
 * is looked up once (as Payload's own API-key strategy finds it) and remembered.
 */
export const readerOf = async (
  payload: Payload,
  headers: Headers,
  usersChangedSince: (at: number) => boolean,
  now: number,
): Promise<Reader> => {
  if (hasSessionCookie(headers.get('cookie'), payload.config.cookiePrefix)) return { kind: 'fresh' }
  const authorization = headers.get('authorization')
  if (!authorization) return { kind: 'anonymous' }
  const collection = payload.config.collections.find(
    (candidate) =>
      candidate.auth?.useAPIKey && authorization.startsWith(`${candidate.slug} API-Key `),
  )
  if (!collection) return { kind: 'fresh' }
  const apiKey = authorization.slice(`${collection.slug} API-Key `.length)
  const sha256 = crypto.createHmac('sha256', payload.secret).update(apiKey).digest('hex')
  const sha1 = crypto.createHmac('sha1', payload.secret).update(apiKey).digest('hex')
  const index = `${collection.slug}:${sha256}`
  const known = owners.get(index)
  if (known && !usersChangedSince(known.checkedAt))
    return known.userId === null ? { kind: 'fresh' } : { kind: 'api-key', userId: known.userId }
  const { docs } = await payload.find({
    collection: collection.slug,
    where: { or: [{ apiKeyIndex: { equals: sha256 } }, { apiKeyIndex: { equals: sha1 } }] },
    depth: 0,
    limit: 1,
    pagination: false,
    overrideAccess: true,
    select: {},
  })
  const userId = docs[0]?.id ?? null
  if (owners.size >= MAX_OWNERS) owners.clear()
  owners.set(index, { userId, checkedAt: now })
  return userId === null ? { kind: 'fresh' } : { kind: 'api-key', userId }
}

export const readerKey = (reader: Reader): string =>
  reader.kind === 'api-key' ? `user:${reader.userId}` : reader.kind
