import type { Payload, TypedUser } from 'payload'

import type { PublishingRecord } from '@plugins/publishing/exports/server'

import { relationId } from '@/access/roles'

export type ActivityEntry = {
  at: string
  action: string
  outcome: string
  message?: string | null
  durationMs?: number
}

export type ActivityRow = {
  id: number
  document: string
  collection: 'pages' | 'posts'
  documentId: number
  /** The document is gone (the record is about removing its copy). */
  deleted: boolean
  destination: string
  status: string
  who: string
  when: string | null
  error: string | null
  remoteUrl: string | null
  history: ActivityEntry[]
}

/**
 * The site's recent publishing activity, one row per copy (document × destination), newest
 * first: who triggered its latest revision, what, where, the result, and its recent attempts.
 * "Who" is the person who pressed Publish now / Retry for that revision, else the person whose
 * save made it (the document's `lastEditedBy`). `knownNames` (the site's integrations, when the
 * caller has read them) spares reading their names again.
 */
export const loadActivity = async (
  payload: Payload,
  user: TypedUser | null | undefined,
  site: number,
  limit = 15,
  knownNames: Map<number, string> = new Map(),
): Promise<ActivityRow[]> => {
  const asUser = { overrideAccess: false, user: user ?? undefined, depth: 0 } as const
  const { docs } = await payload.find({
    collection: 'publishing-records',
    where: { site: { equals: site } },
    sort: '-updatedAt',
    limit,
    ...asUser,
  })
  // Read at depth 0: relationships are ids, as the platform's record type has them.
  const records = docs as unknown as PublishingRecord[]
  const integrationIds = [
    ...new Set(
      records
        .map((r) => relationId(r.integration))
        .filter((v): v is number => v !== null && !knownNames.has(v)),
    ),
  ]
  const editors = new Map<string, number | null>()
  const present = new Set<string>()
  const editorsOf = async (collection: 'pages' | 'posts') => {
    const ids = records.filter((r) => r.documentCollection === collection).map((r) => r.documentId)
    if (!ids.length) return
    const { docs: found } = await payload.find({
      collection,
      where: { id: { in: ids } },
      limit: 0,
      select: { lastEditedBy: true },
      ...asUser,
    })
    for (const doc of found) {
      present.add(`${collection}:${doc.id}`)
      editors.set(
        `${collection}:${doc.id}`,
        relationId((doc as { lastEditedBy?: unknown }).lastEditedBy),
      )
    }
  }
  // Names of the destinations the caller did not know, and the pages' and posts' editors, together.
  const [integrations] = await Promise.all([
    integrationIds.length
      ? payload
          .find({
            collection: 'integrations',
            where: { id: { in: integrationIds } },
            limit: 0,
            select: { name: true },
            ...asUser,
          })
          .then((found) => found.docs)
      : [],
    editorsOf('pages'),
    editorsOf('posts'),
  ])
  const names = new Map([
    ...knownNames,
    ...integrations.map((i): [number, string] => [i.id, i.name]),
  ])
  const whoId = (r: PublishingRecord): number | null =>
    r.triggeredBy && r.triggeredRevision === r.pending?.revision
      ? relationId(r.triggeredBy)
      : (editors.get(`${r.documentCollection}:${r.documentId}`) ?? null)
  const userIds = [...new Set(records.map(whoId).filter((v): v is number => v !== null))]
  // Users may only read themselves; naming a colleague in the activity is what this screen is for,
  // so their email (and name) is read for the ids that the user's own records point at.
  const { docs: users } = userIds.length
    ? await payload.find({
        collection: 'users',
        where: { id: { in: userIds } },
        limit: 0,
        depth: 0,
        select: { email: true, name: true },
        overrideAccess: true,
      })
    : { docs: [] }
  const labels = new Map(users.map((u) => [u.id, String((u as { name?: string }).name || u.email)]))
  return records.map((r) => {
    const who = whoId(r)
    const deleted = !present.has(`${r.documentCollection}:${r.documentId}`)
    return {
      id: r.id,
      document: `${r.documentTitle ?? `${r.documentCollection} #${r.documentId}`}${deleted ? ' (deleted)' : ''}`,
      deleted,
      collection: r.documentCollection,
      documentId: r.documentId,
      destination: names.get(relationId(r.integration) ?? -1) ?? `#${String(r.integration)}`,
      status: r.status,
      // A deleted document no longer says who last saved it; a removal has no recorded author.
      who: who ? (labels.get(who) ?? `user #${who}`) : '—',
      when: r.lastAttemptAt ?? r.updatedAt,
      error: r.lastError ?? null,
      remoteUrl: r.remoteUrl ?? null,
      history: Array.isArray(r.history) ? r.history.slice(0, 5) : [],
    }
  })
}
