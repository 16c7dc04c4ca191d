/**
 * The dependency graph for incremental renders: given a site's documents and one change, which
 * output paths must be rewritten and which removed.
 *
 * Each file of the layout (`layout.ts`) lists what it depends on. A change marks some of those
 * dependencies changed (`changedKeys`); the plan is then:
 *
 * - a change of settings, the page tree (a page's title, slug, parent, order; a page published or
 *   removed), or whether the site has posts at all: every file is rewritten, since each HTML file
 *   carries the header and navigation;
 * - otherwise, rewritten: a file that is new, a file whose structure changed (the posts a listing
 *   shows, a post's neighbours, an archive's name: written into its dependency list, so two
 *   layouts' lists differ), and a file that depends on a changed key;
 * - removed: a file of the layout before that is not in the layout after.
 *
 * It is pure and needs the site as it is *after* the change; the site before is the same with the
 * changed document swapped back. Checked against full renders in `graph.spec.ts`.
 */
import type { Layout } from './layout'
import type { DocumentId, RenderOptions, SiteChange, SiteInput, SitePost } from './types'

import { cardSignature, layoutSite, linkSignature, resolveOptions } from './layout'
import { stylesheet } from './stylesheet'

export type RenderPlan = {
  /** Everything is rewritten (settings, page tree or templates changed). */
  full: boolean
  /** Output paths to render and write, sorted. */
  write: string[]
  /** Output paths to remove, sorted. */
  remove: string[]
  /** The site's layout after the change: `renderLayout(plan.layout, plan.write)` renders the files. */
  layout: Layout
}

const key = (id: DocumentId): string => String(id)

/** The site as it was before `change`, from the site after it. */
export function siteBefore(after: SiteInput, change: SiteChange): SiteInput {
  if (change.type === 'site') return after
  const id = change.after?.id ?? change.before?.id
  if (id === undefined) return after
  if (change.type === 'post') {
    const posts = after.posts.filter((post) => key(post.id) !== key(id))
    return { ...after, posts: change.before ? [...posts, change.before] : posts }
  }
  const pages = after.pages.filter((page) => key(page.id) !== key(id))
  return { ...after, pages: change.before ? [...pages, change.before] : pages }
}

/** The dependency keys a change touches (see `layout.ts` for what each key stands for). */
export function changedKeys(change: SiteChange): Set<string> {
  const keys = new Set<string>()
  if (change.type === 'site') return keys.add('*')
  const { before, after } = change
  if (!before && !after) return keys
  // A save that changed nothing this site shows rewrites nothing.
  if (before && after && JSON.stringify(before) === JSON.stringify(after)) return keys
  const id = key((after ?? before)!.id)
  keys.add('*')
  keys.add(`doc:${id}`)
  if (change.type === 'post') {
    const b = before as SitePost | null
    const a = after as SitePost | null
    if (!b || !a || cardSignature(b) !== cardSignature(a)) keys.add(`card:${id}`)
    if (!b || !a || linkSignature(b) !== linkSignature(a)) keys.add(`link:${id}`)
  }
  // A body linking to this document's slug links somewhere else (or nowhere) now. (A page that
  // moves changes the tree, and the tree rewrites everything.)
  if (!before || !after || before.slug !== after.slug) {
    if (before) keys.add(`slug:${before.slug}`)
    if (after) keys.add(`slug:${after.slug}`)
  }
  return keys
}

/**
 * Compares two layouts for one change, or for several applied one after the other (a batch of
 * deliveries rendered once: the keys any of them touches).
 */
export function diffLayouts(
  before: Layout,
  after: Layout,
  change: SiteChange | readonly SiteChange[],
): RenderPlan {
  const changes: readonly SiteChange[] = Array.isArray(change) ? change : [change as SiteChange]
  const remove = [...before.files.keys()].filter((path) => !after.files.has(path)).sort()
  if (changes.some(({ type }) => type === 'site') || before.tree !== after.tree) {
    return { full: true, write: [...after.files.keys()].sort(), remove, layout: after }
  }
  const keys = new Set(changes.flatMap((one) => [...changedKeys(one)]))
  const write: string[] = []
  for (const [path, planned] of after.files) {
    const old = before.files.get(path)
    if (
      !old ||
      old.deps.join('\n') !== planned.deps.join('\n') ||
      planned.deps.some((dep) => keys.has(dep))
    ) {
      write.push(path)
    }
  }
  return { full: false, write: write.sort(), remove, layout: after }
}

/**
 * Which output paths `change` makes stale. `site` is the site after the change. Renders nothing:
 * render `write` with `renderLayout(plan.layout, plan.write)` and give both lists to the release store.
 */
export function planChange(
  site: SiteInput,
  change: SiteChange,
  options: RenderOptions = {},
): RenderPlan {
  const css = stylesheet()
  const after = layoutSite(site, resolveOptions(site, options), css.path)
  const previous = siteBefore(site, change)
  const before = layoutSite(previous, resolveOptions(previous, options), css.path)
  return diffLayouts(before, after, change)
}
