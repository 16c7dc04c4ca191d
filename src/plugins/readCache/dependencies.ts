import type { Field, SanitizedConfig } from 'payload'

/** What a collection's fields lead to: relationship targets, join targets, and rich text. */
type Edges = { related: Set<string>; joined: Set<string>; richText: boolean }

/** Changes that can alter any answer: who may read what (users, roles, site membership) and sites. */
export const ALWAYS = ['users', 'sites'] as const

const edgesOf = (fields: readonly Field[], edges: Edges): Edges => {
  for (const field of fields) {
    if (field.type === 'relationship' || field.type === 'upload') {
      const targets = Array.isArray(field.relationTo) ? field.relationTo : [field.relationTo]
      for (const target of targets) edges.related.add(target)
    } else if (field.type === 'join') {
      const targets = Array.isArray(field.collection) ? field.collection : [field.collection]
      for (const target of targets) edges.joined.add(target)
    } else if (field.type === 'richText') {
      edges.richText = true
    }
    if ('fields' in field && Array.isArray(field.fields)) edgesOf(field.fields as Field[], edges)
    if (field.type === 'tabs') for (const tab of field.tabs) edgesOf(tab.fields, edges)
    if (field.type === 'blocks')
      for (const block of field.blocks ?? [])
        if (typeof block !== 'string') edgesOf(block.fields, edges)
  }
  return edges
}

/**
 * Which collections an answer about `slug` at `depth` may contain, read from the config's
 * relationship graph: the collection itself, whatever its relationships populate within `depth`
 * hops, every joined collection (a join lists the other side's documents at any depth), and every
 * readable collection when rich text is populated (its relationship and upload nodes may point at
 * any of them).
 * Users and sites are always included. Conservative by design: too many means a miss, too few a
 * stale answer.
 */
export const dependencyGraph = (config: SanitizedConfig, readable: readonly string[]) => {
  // What rich text or a query may reach: whatever the cached readers can read. Payload's own
  // bookkeeping (jobs, locks, preferences) and the platform's records change all the time and
  // are never part of an answer they receive.
  const everything = [
    ...new Set([...readable, ...ALWAYS]),
    ...config.globals.map((global) => `global:${global.slug}`),
  ]
  const edges = new Map<string, Edges>()
  for (const collection of config.collections)
    edges.set(
      collection.slug,
      edgesOf(collection.fields, { related: new Set(), joined: new Set(), richText: false }),
    )
  for (const global of config.globals)
    edges.set(
      `global:${global.slug}`,
      edgesOf(global.fields, { related: new Set(), joined: new Set(), richText: false }),
    )
  const memo = new Map<string, readonly string[]>()

  const reach = (start: string, depth: number): readonly string[] => {
    const key = `${start}@${depth}`
    const known = memo.get(key)
    if (known) return known
    const found = new Set<string>([start, ...ALWAYS])
    // Best remaining depth seen per collection, so a cycle ends and a shorter path is not missed.
    const best = new Map<string, number>()
    const visit = (node: string, remaining: number): void => {
      if ((best.get(node) ?? -1) >= remaining) return
      best.set(node, remaining)
      found.add(node)
      const out = edges.get(node)
      if (!out) return
      if (out.richText && remaining >= 1) for (const any of everything) found.add(any)
      for (const target of out.joined) visit(target, remaining)
      if (remaining >= 1) for (const target of out.related) visit(target, remaining - 1)
    }
    visit(start, depth)
    const result = [...found]
    memo.set(key, result)
    return result
  }

  return { reach, everything: everything as readonly string[] }
}

export type DependencyGraph = ReturnType<typeof dependencyGraph>
