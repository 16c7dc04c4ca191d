import type {
  Access,
  CollectionBeforeChangeHook,
  CollectionSlug,
  PayloadRequest,
  Where,
} from 'payload'

import { isAdmin, isSessionUser, relationId } from './roles'

export const LOCKS = 'payload-locked-documents' as const

/** A where that no row matches (every row has an id). */
const NOTHING: Where = { id: { exists: false } }

type LockRow = { id: number; document?: { relationTo?: unknown; value?: unknown } | null }

/** The ids, among `ids`, of documents of `slug` that the request's user may update. */
const updatableIds = async (
  req: PayloadRequest,
  slug: CollectionSlug,
  ids: number[],
): Promise<Set<number>> => {
  const update = req.payload.collections[slug]?.config.access.update
  const allowed = update ? await update({ req }) : false
  if (allowed === false) return new Set()
  const byId: Where = { id: { in: ids } }
  const { docs } = await req.payload.find({
    collection: slug,
    where: allowed === true ? byId : { and: [byId, allowed] },
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  return new Set(docs.map((doc) => Number(doc.id)))
}

/**
 * The locks on documents this user may edit. The lock table holds one row per document open in
 * the admin (expired rows are removed as new ones are taken), so reading it whole is cheap; a lock
 * names its document through a polymorphic relation, which a where cannot follow to `site`.
 */
const editableLockIds = async (req: PayloadRequest): Promise<number[]> => {
  const { docs } = await req.payload.find({
    collection: LOCKS,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const locks = (docs as LockRow[]).flatMap(({ id, document }) => {
    const value = relationId(document?.value)
    const slug = document?.relationTo
    return typeof slug === 'string' && value !== null
      ? [{ id, slug: slug as CollectionSlug, value }]
      : []
  })
  const allowed: number[] = []
  for (const slug of new Set(locks.map((lock) => lock.slug))) {
    const ofSlug = locks.filter((lock) => lock.slug === slug)
    const editable = await updatableIds(
      req,
      slug,
      ofSlug.map((lock) => lock.value),
    )
    allowed.push(...ofSlug.filter((lock) => editable.has(lock.value)).map((lock) => lock.id))
  }
  return allowed
}

/**
 * Document locks (who has a document open in the admin). Payload takes and refreshes them itself
 * without access checks; the admin reads them to show "being edited by", and an editor who leaves
 * or takes over a document deletes or updates its lock over REST. So: admins reach every lock,
 * editors only the locks of documents they may edit, API keys and the public none.
 */
export const locksOfEditableDocuments: Access = async ({ req }) => {
  const { user } = req
  if (!isSessionUser(user)) return false
  if (isAdmin(user)) return true
  const ids = await editableLockIds(req)
  return ids.length ? { id: { in: ids } } : NOTHING
}

/**
 * Taking over a lock over REST makes the caller its holder, whoever the request names, and never
 * moves the lock to another document.
 */
export const holdLockAsCurrentUser: CollectionBeforeChangeHook = ({ data, operation, req }) => {
  if (operation !== 'update' || !req.user) return data
  const kept = Object.fromEntries(
    Object.entries(data).filter(([key]) => key !== 'document' && key !== 'globalSlug'),
  )
  return { ...kept, user: { relationTo: req.user.collection, value: req.user.id } }
}
