import type { PayloadRequest, TypedUser } from 'payload'

import { readId } from '@plugins/publishing/exports/server'

/** Roles a user can hold. The first user registered is always an admin. */
export const ROLES = ['admin', 'editor'] as const
export type Role = (typeof ROLES)[number]

type MaybeUser = PayloadRequest['user'] | TypedUser | null | undefined

export const isAdmin = (user: MaybeUser): boolean =>
  Boolean(user && user.collection === 'users' && user.roles?.includes('admin'))

/**
 * A request authenticated with an API key belongs to a headless consumer: it reads what the
 * public reads (published content, sites, media, taxonomies) and writes nothing, whatever the
 * role of the user that owns the key.
 */
export const isApiKeyUser = (user: MaybeUser): boolean =>
  Boolean(user && (user as { _strategy?: string })._strategy === 'api-key')

/** A signed-in person working in the admin or over REST/GraphQL with a session or JWT. */
export const isSessionUser = (user: MaybeUser): user is NonNullable<MaybeUser> =>
  Boolean(user && user.collection === 'users' && !isApiKeyUser(user))

/** The ids of the sites an editor is assigned to (populated or not). */
export const assignedSiteIds = (user: MaybeUser): number[] => {
  if (!user || user.collection !== 'users' || !Array.isArray(user.sites)) return []
  return user.sites.map((site) => readId(site)).filter((id): id is number => id !== null)
}

/**
 * Reads a relation's id in any of the spellings clients send; `null` when it cannot (see
 * `readId`). Access checks refuse on `null`.
 */
export const relationId = readId
