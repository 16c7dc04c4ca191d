/**
 * The Site Manager's page tree as a flat list (what the screen and dnd-kit work with), and the
 * moves on it turned into what the API needs: the new parent, and a neighbour to sort next to
 * (Payload's `POST /api/reorder` places a document just before or after a target).
 */
export type TreePage = {
  id: number
  title: string
  parent: number | null
  template: string | null
  status: string
  order: string | null
}

export type FlatPage = TreePage & { depth: number }

/** Pages in tree order: each parent followed by its children, siblings in their stored order. */
export const flatten = (pages: TreePage[]): FlatPage[] => {
  const known = new Set(pages.map((p) => p.id))
  const children = new Map<number | null, TreePage[]>()
  for (const page of pages) {
    const parent = page.parent !== null && known.has(page.parent) ? page.parent : null
    children.set(parent, [...(children.get(parent) ?? []), page])
  }
  const out: FlatPage[] = []
  const seen = new Set<number>()
  const walk = (parent: number | null, depth: number) => {
    for (const page of children.get(parent) ?? []) {
      if (seen.has(page.id)) continue
      seen.add(page.id)
      out.push({ ...page, parent, depth })
      walk(page.id, depth + 1)
    }
  }
  walk(null, 0)
  // A cycle in stored parents leaves pages unreachable: show them at the top level.
  for (const page of pages) if (!seen.has(page.id)) out.push({ ...page, parent: null, depth: 0 })
  return out
}

/** Ids of a page's descendants (they move with it). */
export const descendantsOf = (flat: FlatPage[], id: number): Set<number> => {
  const out = new Set<number>()
  const start = flat.findIndex((p) => p.id === id)
  if (start < 0) return out
  for (let i = start + 1; i < flat.length && flat[i].depth > flat[start].depth; i++)
    out.add(flat[i].id)
  return out
}

/** Where a page goes: its parent, and the sibling it lands after (or before, when first). */
export type Move = {
  id: number
  parent: number | null
  after: FlatPage | null
  before: FlatPage | null
}

const siblingsOf = (flat: FlatPage[], parent: number | null, except: number) =>
  flat.filter((p) => p.parent === parent && p.id !== except)

/**
 * A drop: `list` is the visible list (the dragged page's descendants left out) after moving the
 * page to `index`; `depth` is where the pointer asked for (clamped to what the neighbours allow).
 */
export const dropMove = (list: FlatPage[], index: number, wantedDepth: number): Move => {
  const page = list[index]
  const previous = list[index - 1]
  const next = list[index + 1]
  const maxDepth = previous ? previous.depth + 1 : 0
  const minDepth = next ? Math.min(next.depth, maxDepth) : 0
  const depth = Math.max(minDepth, Math.min(maxDepth, wantedDepth))
  let parent: number | null = null
  if (depth > 0) {
    for (let i = index - 1; i >= 0; i--) {
      if (list[i].depth === depth - 1) {
        parent = list[i].id
        break
      }
    }
  }
  let after: FlatPage | null = null
  for (let i = index - 1; i >= 0 && list[i].depth >= depth; i--) {
    if (list[i].depth === depth && list[i].parent === parent) {
      after = list[i]
      break
    }
  }
  let before: FlatPage | null = null
  if (!after) {
    for (let i = index + 1; i < list.length && list[i].depth >= depth; i++) {
      if (list[i].depth === depth && list[i].parent === parent) {
        before = list[i]
        break
      }
    }
  }
  return { id: page.id, parent, after, before }
}

export type KeyboardMove = 'up' | 'down' | 'indent' | 'outdent'

/** The keyboard alternative to dragging: one step up, down, in (under the page above) or out. */
export const keyboardMove = (flat: FlatPage[], id: number, move: KeyboardMove): Move | null => {
  const page = flat.find((p) => p.id === id)
  if (!page) return null
  const siblings = flat.filter((p) => p.parent === page.parent)
  const at = siblings.findIndex((p) => p.id === id)
  if (move === 'up') {
    if (at <= 0) return null
    return { id, parent: page.parent, after: null, before: siblings[at - 1] }
  }
  if (move === 'down') {
    if (at < 0 || at >= siblings.length - 1) return null
    return { id, parent: page.parent, after: siblings[at + 1], before: null }
  }
  if (move === 'indent') {
    if (at <= 0) return null
    const newParent = siblings[at - 1]
    const children = siblingsOf(flat, newParent.id, id)
    return { id, parent: newParent.id, after: children[children.length - 1] ?? null, before: null }
  }
  if (page.parent === null) return null
  const parent = flat.find((p) => p.id === page.parent)
  return { id, parent: parent?.parent ?? null, after: parent ?? null, before: null }
}

/** What changes in the API for a move: the parent (PATCH) and the order (POST /api/reorder). */
export const persistPlan = (flat: FlatPage[], move: Move) => {
  const page = flat.find((p) => p.id === move.id)
  const target = move.after ?? move.before
  return {
    parentChanged: page ? page.parent !== move.parent : false,
    reorder: target
      ? {
          target: { id: target.id, key: target.order },
          newKeyWillBe: move.after ? ('greater' as const) : ('less' as const),
        }
      : null,
  }
}
