import type { PayloadRequest, Where } from 'payload'

import type { PublishableDoc } from '../documents/publishableDoc'
import type { BackfillCursor } from '../queue'
import type { PublishableCollection } from '../types'
import type { RuleLike } from './resolveDestinations'

import { registryOf, traitsOf } from '../registry'
import { relatedId } from '../utilities/related'
import { documentFacts, enabledRules } from './planDeliveries'
import { resolveDestinations } from './resolveDestinations'

/*
 * What "publish everything" sends to one integration: the site's published documents that its
 * rules send there (manual rules included: the run is the editor's explicit request), listed in
 * chunks, trees parents first, so that a child's delivery finds its parent's copy made or on its
 * way (delivery/pageTree.ts).
 */

/** A document of the run and how its rules want it there. */
export type BackfillItem = {
  collection: PublishableCollection
  doc: PublishableDoc
  remoteStatus: 'publish' | 'draft'
}

const published = (site: number, extra: Where[] = []): Where => ({
  and: [{ site: { equals: site } }, { _status: { equals: 'published' } }, ...extra],
})

/** How a rule set sends `doc` to `integration`, or null when it does not. */
const remoteStatusAt = (
  rules: RuleLike[],
  collection: PublishableCollection,
  doc: PublishableDoc,
  integration: number,
): 'publish' | 'draft' | null =>
  resolveDestinations(documentFacts(collection, doc), rules, [integration]).find(
    (plan) => plan.integration === integration,
  )?.remoteStatus ?? null

/**
 * The published documents of a tree collection in delivery order, (depth, id): roots first, then
 * their children, and so on. A document whose parent is not published counts as a root. Read as
 * ids and parents only: ten thousand pages are a small read.
 */
const treeOrder = async (
  req: PayloadRequest,
  collection: PublishableCollection,
  site: number,
): Promise<{ id: number; depth: number }[]> => {
  const { docs } = await req.payload.find({
    collection,
    where: published(site),
    select: { parent: true } as never,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    req,
  })
  const rows = docs as unknown as { id: number; parent?: number | { id: number } | null }[]
  const parentOf = new Map(rows.map((doc) => [Number(doc.id), relatedId(doc.parent)]))
  const depths = new Map<number, number>()
  const depthOf = (id: number): number => {
    const chain: number[] = []
    let current: number | null = id
    // Walk up to a known depth or a root; a cycle (never saved, but cheap to survive) ends the walk.
    while (current !== null && !depths.has(current) && !chain.includes(current)) {
      chain.push(current)
      const parent: number | null = parentOf.get(current) ?? null
      current = parent !== null && parentOf.has(parent) ? parent : null
    }
    let depth = current !== null && depths.has(current) ? depths.get(current)! + 1 : 0
    for (const node of chain.reverse()) depths.set(node, depth++)
    return depths.get(id)!
  }
  return [...parentOf.keys()]
    .map((id) => ({ id, depth: depthOf(id) }))
    .sort((a, b) => a.depth - b.depth || a.id - b.id)
}

const after = (cursor: BackfillCursor, item: { id: number; depth: number }) =>
  item.depth > cursor.depth || (item.depth === cursor.depth && item.id > cursor.id)

/**
 * The next chunk of at most `limit` published documents of `site` after `cursor` (one collection
 * at a time), and the cursor after it: null once every collection is listed.
 */
const nextDocuments = async (
  req: PayloadRequest,
  site: number,
  cursor: BackfillCursor,
  limit: number,
): Promise<{
  collection: PublishableCollection
  docs: PublishableDoc[]
  next: BackfillCursor | null
}> => {
  const collections = registryOf(req.payload).options.collections
  for (let index = cursor.collection; index < collections.length; index++) {
    const collection = collections[index]!
    const from = index === cursor.collection ? cursor : { collection: index, depth: 0, id: 0 }
    let ordered: { id: number; depth: number }[]
    if (traitsOf(req.payload, collection).tree) {
      ordered = (await treeOrder(req, collection, site)).filter((item) => after(from, item))
      ordered = ordered.slice(0, limit)
    } else {
      const { docs } = await req.payload.find({
        collection,
        where: published(site, [{ id: { greater_than: from.id } }]),
        select: { id: true } as never,
        sort: 'id',
        depth: 0,
        limit,
        overrideAccess: true,
        req,
      })
      ordered = (docs as unknown as { id: number }[]).map((doc) => ({
        id: Number(doc.id),
        depth: 0,
      }))
    }
    if (!ordered.length) continue
    const { docs } = await req.payload.find({
      collection,
      where: { id: { in: ordered.map((item) => item.id) } },
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    const byId = new Map(docs.map((doc) => [Number(doc.id), doc as unknown as PublishableDoc]))
    const last = ordered[ordered.length - 1]!
    return {
      collection,
      docs: ordered.flatMap((item) => (byId.has(item.id) ? [byId.get(item.id)!] : [])),
      next: { collection: index, depth: last.depth, id: last.id },
    }
  }
  return { collection: collections[0]!, docs: [], next: null }
}

/** The next chunk of the run after `cursor`: the documents the rules send to `integration`. */
export const nextBackfillChunk = async (
  req: PayloadRequest,
  { site, integration }: { site: number; integration: number },
  cursor: BackfillCursor,
  limit: number,
): Promise<{ items: BackfillItem[]; next: BackfillCursor | null }> => {
  const [rules, listed] = await Promise.all([
    enabledRules(req, site),
    nextDocuments(req, site, cursor, limit),
  ])
  const items = listed.docs.flatMap((doc) => {
    const remoteStatus = remoteStatusAt(rules, listed.collection, doc, integration)
    return remoteStatus ? [{ collection: listed.collection, doc, remoteStatus }] : []
  })
  return { items, next: listed.next }
}

/** How many published documents of `site` the rules send to `integration`: what a run would deliver. */
export const countBackfill = async (
  req: PayloadRequest,
  { site, integration }: { site: number; integration: number },
): Promise<number> => {
  const rules = await enabledRules(req, site)
  let total = 0
  for (const collection of registryOf(req.payload).options.collections) {
    if (!rules.length) {
      total += (
        await req.payload.count({ collection, where: published(site), overrideAccess: true, req })
      ).totalDocs
      continue
    }
    const { docs } = await req.payload.find({
      collection,
      where: published(site),
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    total += docs.filter((doc) =>
      remoteStatusAt(rules, collection, doc as unknown as PublishableDoc, integration),
    ).length
  }
  return total
}
