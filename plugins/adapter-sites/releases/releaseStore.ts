/**
 * The release store: every deploy of a hosted site is a new, complete, immutable folder (a
 * release), and the site's `current` pointer switches to it in one atomic step.
 *
 * On disk, under the root (`SITES_OUTPUT_DIR`, default `.data/sites`), per site:
 *
 * ```
 * <site>/objects/ab/ab12…            file contents by SHA-256, read-only, written once
 * <site>/releases/000042-<time>/…     a release: a tree of hard links into objects/
 * <site>/manifests/000042-<time>.json what it holds: path → hash (and assets carried over)
 * <site>/current -> releases/000042-… a symlink, replaced by rename(2)
 * <site>/tmp/                         releases and files being written
 * <site>/staging/next-000042-<time>/  a hard-linked copy of release 42, for the next write to patch
 * ```
 *
 * - **Atomic.** A release is written in `tmp/`, renamed into `releases/`, and only then does
 *   `current` move, by renaming a new symlink over it. A reader resolves `current` once
 *   (`currentDir`) and reads from that folder: it sees the old release or the new one, never a
 *   mix. A write that fails midway leaves `current` as it was and removes its half-written folder.
 * - **Shared, not copied.** A file is stored once per site by its hash; every release holding the
 *   same bytes holds a hard link to it (same inode). An incremental release (from a base release,
 *   with changed and removed paths) links the unchanged files by their recorded hash without
 *   reading them. Objects are read-only, since writing through one link would change every release.
 * - **Old assets stay.** Files under `assets/` and `media/` of the last few releases that the new
 *   release no longer has are carried into it (hard links again), so a reader whose page came from
 *   an earlier release still gets its stylesheet and images, from this folder alone (a static host
 *   or CDN serving it needs nothing else).
 * - **Pre-linked.** After a write, a complete hard-linked copy of the new release is prepared in
 *   the background (`prepare`); an incremental write based on that release takes it by rename and
 *   only replaces, adds and removes the paths that differ (`claimStaging`, the worker's `patch`),
 *   instead of linking every file of the site again. A copy of another release is never taken.
 * - **Pruned.** The newest `keepReleases` releases and the current one are kept; an object no
 *   release links to any more (link count 1) is deleted.
 * - **Rollback** points `current` at the previous release (the newest one older than the current)
 *   or a named one; releases never change once written, so it restores them byte for byte.
 *
 * One writer per site at a time: writes to one site are queued within a process; across processes
 * the caller must serialise them (the adapter will, with a PostgreSQL advisory lock per site).
 */
import { createHash, randomBytes } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'

import { runTreeJob } from './treeWorker'

/** A file's content: its bytes (a string is written as UTF-8), or a file to copy them from. */
export type FileSource = string | Uint8Array | { file: string }

export type ReleaseManifest = {
  id: string
  createdAt: string
  /** The release this one was made from (incremental), or null. */
  base: string | null
  /** The site's files: path → SHA-256 (hex). */
  files: Record<string, string>
  /** Assets of earlier releases kept servable in this one: path → SHA-256. */
  carried: Record<string, string>
}

export type ReleaseInfo = {
  id: string
  createdAt: string
  base: string | null
  files: number
  carried: number
  current: boolean
}

export type WriteReleaseInput = {
  /** Files to write: output path → content. For a full release, every file of the site. */
  files: Map<string, FileSource> | Record<string, FileSource>
  /**
   * Make the release from an earlier one: `current`, or a release id. Its files are kept unless
   * listed in `remove` or replaced in `files`. Without it the release holds `files` only.
   */
  base?: 'current' | string | null
  /** Paths of the base release to leave out. */
  remove?: Iterable<string>
  /**
   * Text kept beside the release's manifest (`manifests/<id>.input.json`), never served, pruned
   * with the release: the adapter keeps the renderer's input there, to build the next release
   * incrementally from the current one (after a rollback too). Written after the switch, in the
   * site's queue (the write does not wait for it; `companion()` does): a function is called then,
   * so a large text is not even made on the write's path. A crash before it is written leaves the
   * release without one, which the adapter treats as "render the whole site".
   */
  companion?: string | (() => string)
}

export type WriteResult = {
  release: ReleaseInfo
  /** Releases and objects removed after the switch; `error` if pruning failed (the release is live). */
  pruned: { releases: string[]; objects: number; error?: string }
}

export type ReleaseStoreOptions = {
  /** Default: `SITES_OUTPUT_DIR`, else `.data/sites` under the working directory. */
  root?: string
  /** Releases kept per site (the current one is always kept too). Default 10, at least 1. */
  keepReleases?: number
  /** How many earlier releases' assets stay servable from a new release. Default 3. */
  assetReleases?: number
  /** Path prefixes of assets that are carried over. Default `assets/` and `media/`. */
  assetPrefixes?: string[]
  /**
   * After each write, prepare a hard-linked copy of the new release (`staging/next-<id>`) in the
   * background, for the next incremental write to patch instead of linking every file. Default true.
   */
  prelink?: boolean
}

/** Staging folders being prepared, in every store of the process (`ReleaseStore.settled`). */
const background = new Set<Promise<unknown>>()

const SITE = /^[a-z0-9][a-z0-9_-]{0,99}$/i
const RELEASE = /^\d{6}-\d{8}T\d{9}Z$/

/** Output paths are relative, `/`-separated, with no empty, `.` or `..` segment. */
export function assertOutputPath(file: string): void {
  const bad =
    file.length === 0 ||
    file.length > 1024 ||
    file.startsWith('/') ||
    file.includes('\\') ||
    file.includes('\u0000') ||
    file
      .split('/')
      .some(
        (segment) => segment === '' || segment === '.' || segment === '..' || segment.length > 255,
      )
  if (bad) throw new Error(`release store: ${JSON.stringify(file)} is not a relative output path`)
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const exists = async (file: string): Promise<boolean> => {
  try {
    await fs.lstat(file)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw error
  }
}

/** `manifests/<id>.json` → `manifests/<id>.input.json`. */
const companionFile = (manifestFile: string): string =>
  manifestFile.replace(/\.json$/, '.input.json')

const compact = (date: Date): string => date.toISOString().replace(/[-:.]/g, '')

export class ReleaseStore {
  readonly root: string
  readonly keepReleases: number
  readonly assetReleases: number
  readonly assetPrefixes: string[]
  readonly prelink: boolean
  /** Writes, rollbacks and prunes of one site run one after the other. */
  private queues = new Map<string, Promise<unknown>>()
  /** Manifests read or written lately (a release never changes once written): `<dir>\0<id>`. */
  private manifests = new Map<string, ReleaseManifest>()
  /** Companions being written after their release's switch: `<dir>\0<id>`. */
  private companions = new Map<string, Promise<unknown>>()
  /** How writes went: with or without a prepared staging folder (tests, the bench). */
  readonly stats = { prelinked: 0, linked: 0 }

  constructor(options: ReleaseStoreOptions = {}) {
    this.root = path.resolve(options.root ?? (process.env.SITES_OUTPUT_DIR || '.data/sites'))
    this.keepReleases = Math.max(1, options.keepReleases ?? 10)
    this.assetReleases = Math.max(0, options.assetReleases ?? 3)
    this.assetPrefixes = options.assetPrefixes ?? ['assets/', 'media/']
    this.prelink = options.prelink ?? true
  }

  /**
   * Resolves when every store of this process has finished its background work (the staging
   * folders prepared after writes): before removing a store's folder, e.g. at the end of a test.
   */
  static async settled(): Promise<void> {
    while (background.size > 0) await Promise.all([...background])
  }

  /** Resolves when the site's queued work (writes, and the staging prepared after them) is done. */
  async idle(site: string): Promise<void> {
    const dir = this.siteDir(site)
    for (let queued = this.queues.get(dir); queued; queued = this.queues.get(dir)) {
      await queued
      if (this.queues.get(dir) === queued) return
    }
  }

  /** The folder of a site's store. */
  siteDir(site: string): string {
    if (!SITE.test(site))
      throw new Error(
        `release store: ${JSON.stringify(site)} is not a site key (letters, digits, - and _)`,
      )
    return path.join(this.root, site)
  }

  private serial<T>(site: string, work: () => Promise<T>): Promise<T> {
    let dir: string
    try {
      dir = this.siteDir(site)
    } catch (error) {
      return Promise.reject(error)
    }
    const previous = this.queues.get(dir) ?? Promise.resolve()
    const next = previous.then(work, work)
    const settled = next.catch(() => undefined)
    this.queues.set(dir, settled)
    void settled.then(() => {
      if (this.queues.get(dir) === settled) this.queues.delete(dir)
    })
    return next
  }

  /** The id of the site's current release, or null before the first one. */
  async current(site: string): Promise<string | null> {
    try {
      const target = await fs.readlink(path.join(this.siteDir(site), 'current'))
      return path.basename(target)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  /**
   * The folder of the current release, resolved once: read every file of one response (or one
   * request's worth) from it, and the release cannot change underneath.
   */
  async currentDir(site: string): Promise<string | null> {
    const id = await this.current(site)
    return id === null ? null : path.join(this.siteDir(site), 'releases', id)
  }

  async manifest(site: string, id: string): Promise<ReleaseManifest> {
    if (!RELEASE.test(id)) throw new Error(`release store: no release ${JSON.stringify(id)}`)
    const file = path.join(this.siteDir(site), 'manifests', `${id}.json`)
    const key = `${this.siteDir(site)}\u0000${id}`
    const known = this.manifests.get(key)
    if (known) return known
    try {
      const manifest = JSON.parse(await fs.readFile(file, 'utf8')) as ReleaseManifest
      this.keepManifest(key, manifest)
      return manifest
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`release store: no release ${JSON.stringify(id)}`)
      throw error
    }
  }

  private keepManifest(key: string, manifest: ReleaseManifest): void {
    this.manifests.delete(key)
    this.manifests.set(key, manifest)
    while (this.manifests.size > 8) this.manifests.delete(this.manifests.keys().next().value!)
  }

  /** Release ids with both a folder and a manifest, oldest first. */
  private async releaseIds(site: string): Promise<string[]> {
    const dir = this.siteDir(site)
    const list = async (sub: string): Promise<string[]> => {
      try {
        return await fs.readdir(path.join(dir, sub))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
        throw error
      }
    }
    const manifests = new Set(
      (await list('manifests'))
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(0, -5)),
    )
    return (await list('releases')).filter((id) => RELEASE.test(id) && manifests.has(id)).sort()
  }

  /** The newest release's id (whether current or not), or null. */
  async newest(site: string): Promise<string | null> {
    return (await this.releaseIds(site)).pop() ?? null
  }

  /** The site's releases, newest first. */
  async listReleases(site: string): Promise<ReleaseInfo[]> {
    const current = await this.current(site)
    const ids = (await this.releaseIds(site)).reverse()
    return Promise.all(
      ids.map(async (id) => {
        const manifest = await this.manifest(site, id)
        return {
          id,
          createdAt: manifest.createdAt,
          base: manifest.base,
          files: Object.keys(manifest.files).length,
          carried: Object.keys(manifest.carried).length,
          current: id === current,
        }
      }),
    )
  }

  /**
   * Writes a new release and makes it current. Resolves once `current` points at it (and old
   * releases are pruned); on failure `current` is as it was and nothing of the release remains
   * but stored objects, which pruning removes.
   */
  writeRelease(site: string, input: WriteReleaseInput): Promise<WriteResult> {
    return this.serial(site, () => this.write(site, input))
  }

  private async write(site: string, input: WriteReleaseInput): Promise<WriteResult> {
    const dir = this.siteDir(site)
    const entries = input.files instanceof Map ? [...input.files] : Object.entries(input.files)
    for (const [file] of entries) assertOutputPath(file)
    const removed = new Set(input.remove ?? [])
    for (const file of removed) assertOutputPath(file)

    await Promise.all(
      ['objects', 'releases', 'manifests', 'tmp'].map((sub) =>
        fs.mkdir(path.join(dir, sub), { recursive: true }),
      ),
    )
    const ids = await this.releaseIds(site)
    const current = await this.current(site)
    const baseId = input.base === 'current' ? current : (input.base ?? null)
    if (input.base === 'current' && baseId === null)
      throw new Error('release store: no current release to build on')
    const base = baseId ? await this.manifest(site, baseId) : null

    const last = ids[ids.length - 1]
    const seq = last ? Number(last.slice(0, 6)) + 1 : 1
    const createdAt = new Date()
    const id = `${String(seq).padStart(6, '0')}-${compact(createdAt)}`
    const staging = path.join(dir, 'tmp', `release-${id}-${randomBytes(4).toString('hex')}`)
    const manifestFile = path.join(dir, 'manifests', `${id}.json`)
    let manifestWritten = false
    const files: Record<string, string> = {}
    const carried: Record<string, string> = {}

    let made = false
    try {
      // Unchanged files of the base release: linked by their recorded hash, not read.
      if (base) {
        const replaced = new Set(entries.map(([file]) => file))
        for (const [file, hash] of Object.entries(base.files)) {
          if (removed.has(file) || replaced.has(file)) continue
          files[file] = hash
        }
      }
      await inParallel(entries, 32, async ([file, source]) => {
        files[file] = await this.storeObject(dir, source)
      })

      // Assets of the last few releases that this one dropped stay servable from it.
      if (this.assetReleases > 0) {
        const recent = [
          ...new Set([...ids.slice(-this.assetReleases), ...(current ? [current] : [])]),
        ].reverse()
        let taken: ReturnType<typeof occupied> | null = null
        for (const previous of recent) {
          const manifest = previous === baseId && base ? base : await this.manifest(site, previous)
          for (const [file, hash] of Object.entries(manifest.files)) {
            if (files[file] !== undefined || carried[file] !== undefined) continue
            if (
              !this.assetPrefixes.some((prefix) => file.startsWith(prefix)) ||
              conflicts(file, (taken ??= occupied(Object.keys(files))))
            )
              continue
            carried[file] = hash
          }
        }
      }

      // A copy of the base release prepared after it went live (`staging/next-<base>`, see
      // `prepare`) is taken by renaming it (only one writer can), then patched: the files that
      // differ from the base replaced by new links, the ones it lacks removed. Without one, every
      // folder and hard link of the release at once. Both in a worker thread (treeWorker.ts): not
      // a promise per file, and the event loop stays free meanwhile.
      const placed = [...Object.entries(files), ...Object.entries(carried)]
      if (base && baseId && (await this.claimStaging(dir, baseId, staging))) {
        made = true
        this.stats.prelinked++
        const before: Record<string, string> = { ...base.files, ...base.carried }
        const after = new Set(placed.map(([file]) => file))
        const changed = placed.filter(([file, hash]) => before[file] !== hash)
        await runTreeJob({
          op: 'patch',
          root: staging,
          remove: Object.keys(before).filter((file) => !after.has(file)),
          targets: changed.map(([file]) => file),
          sources: changed.map(([, hash]) => objectPath(dir, hash)),
        })
      } else {
        await fs.mkdir(staging)
        made = true
        this.stats.linked++
        await linkRelease(dir, staging, placed)
      }

      const manifest: ReleaseManifest = {
        id,
        createdAt: createdAt.toISOString(),
        base: baseId,
        files: sortKeys(files),
        carried: sortKeys(carried),
      }
      await writeAtomically(path.join(dir, 'tmp'), manifestFile, JSON.stringify(manifest))
      manifestWritten = true
      this.keepManifest(`${dir}\u0000${id}`, manifest)
      await fs.rename(staging, path.join(dir, 'releases', id))
      await this.point(dir, id)
    } catch (error) {
      if (made) await fs.rm(staging, { recursive: true, force: true })
      if (!manifestWritten) await fs.rm(companionFile(manifestFile), { force: true })
      if (manifestWritten && (await this.current(site)) !== id) {
        await fs.rm(path.join(dir, 'releases', id), { recursive: true, force: true })
        await fs.rm(manifestFile, { force: true })
        await fs.rm(companionFile(manifestFile), { force: true })
      }
      throw error
    }

    // The release is live from here on: a failure to prune is reported, not thrown.
    let pruned: WriteResult['pruned']
    try {
      pruned = await this.pruneNow(site)
    } catch (error) {
      pruned = {
        releases: [],
        objects: 0,
        error: error instanceof Error ? error.message : String(error),
      }
    }
    const companion = input.companion
    if (companion !== undefined) {
      const key = `${dir}\u0000${id}`
      const writing = this.serial(site, async () => {
        // not for a release another process pruned meanwhile (the file would never be removed)
        if (!(await exists(manifestFile))) return
        await writeAtomically(
          path.join(dir, 'tmp'),
          companionFile(manifestFile),
          typeof companion === 'function' ? companion() : companion,
        )
      }).catch(() => undefined)
      this.companions.set(key, writing)
      background.add(writing)
      void writing.then(() => {
        background.delete(writing)
        if (this.companions.get(key) === writing) this.companions.delete(key)
      })
    }
    if (this.prelink) {
      const preparing = this.serial(site, () => this.prepare(site, id)).catch(() => undefined)
      background.add(preparing)
      void preparing.then(() => background.delete(preparing))
    }
    const release: ReleaseInfo = {
      id,
      createdAt: createdAt.toISOString(),
      base: baseId,
      files: Object.keys(files).length,
      carried: Object.keys(carried).length,
      current: true,
    }
    return { release, pruned }
  }

  /**
   * Points `current` at the previous release (the newest one older than the current), or at
   * release `to`. Returns the release now current.
   */
  rollback(site: string, to?: string): Promise<ReleaseInfo> {
    return this.serial(site, async () => {
      const dir = this.siteDir(site)
      const ids = await this.releaseIds(site)
      const current = await this.current(site)
      let target: string | undefined
      if (to !== undefined) {
        if (!ids.includes(to)) throw new Error(`release store: no release ${JSON.stringify(to)}`)
        target = to
      } else {
        target = ids.filter((id) => current === null || id < current).pop()
        if (!target) throw new Error('release store: there is no earlier release to roll back to')
      }
      await this.point(dir, target)
      return (await this.listReleases(site)).find((release) => release.id === target)!
    })
  }

  /** Removes releases beyond the newest `keepReleases` (never the current one) and unused objects. */
  prune(site: string): Promise<{ releases: string[]; objects: number }> {
    return this.serial(site, () => this.pruneNow(site, true))
  }

  /**
   * After a write, objects are collected only when a release went (the common case costs no walk
   * of `objects/`); an explicit `prune` always collects, which also removes what a failed write
   * stored.
   */
  private async pruneNow(
    site: string,
    collect = false,
  ): Promise<{ releases: string[]; objects: number }> {
    const dir = this.siteDir(site)
    const ids = await this.releaseIds(site)
    const current = await this.current(site)
    const keep = new Set([...ids.slice(-this.keepReleases), ...(current ? [current] : [])])
    const gone = ids.filter((id) => !keep.has(id))
    for (const id of gone) {
      // The manifest goes first: a release without one is no longer listed, then its folder goes.
      await fs.rm(path.join(dir, 'manifests', `${id}.json`), { force: true })
      await fs.rm(path.join(dir, 'manifests', `${id}.input.json`), { force: true })
    }
    // Copies of releases that are not current any more (after a rollback, a full write, or a
    // write by another process) will not be taken: moved aside (atomically, so no writer can take
    // a half-removed one) and removed with the pruned releases. Their links would keep objects.
    const stale = await this.discardStagings(dir, current)
    let objects = 0
    if (gone.length > 0 || collect) {
      // The folders (a file per page) and the walk of objects/, in a worker thread (treeWorker.ts).
      ;({ objects } = await runTreeJob({
        op: 'prune',
        trees: [...gone.map((id) => path.join(dir, 'releases', id)), ...stale],
        objects: path.join(dir, 'objects'),
      }))
    } else if (stale.length > 0) {
      await runTreeJob({ op: 'prune', trees: stale, objects: null })
    }
    return { releases: gone, objects }
  }

  /**
   * Takes `staging/next-<base>`, a complete copy of release `base`, by renaming it to `to`.
   * False when there is none (not prepared yet, taken, or discarded).
   */
  private async claimStaging(dir: string, base: string, to: string): Promise<boolean> {
    try {
      await fs.rename(path.join(dir, 'staging', `next-${base}`), to)
      return true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw error
    }
  }

  /**
   * Moves every `staging/next-<id>` whose release is not `keep` to a `staging/trash-…` name and
   * returns those paths, for the caller to remove. Folders being prepared (`prep-…`) are left.
   */
  private async discardStagings(dir: string, keep: string | null): Promise<string[]> {
    let names: string[]
    try {
      names = await fs.readdir(path.join(dir, 'staging'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    const trash: string[] = []
    for (const name of names) {
      if (!name.startsWith('next-') || name === `next-${keep}`) continue
      const to = path.join(dir, 'staging', `trash-${randomBytes(6).toString('hex')}`)
      try {
        await fs.rename(path.join(dir, 'staging', name), to)
        trash.push(to)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
    }
    for (const name of names)
      if (name.startsWith('trash-')) trash.push(path.join(dir, 'staging', name))
    return trash
  }

  /**
   * Prepares `staging/next-<id>`: every file of release `id` (its files and carried assets)
   * hard-linked into a folder of its own (`prep-…`, in the worker thread), then renamed into place
   * in one step, so a writer finds a complete copy or none. Runs in the site's queue after the
   * write that made `id` (the write does not wait for it); skipped when `id` is no longer current.
   * Failures are swallowed: the next write then links its release in full.
   */
  private async prepare(site: string, id: string): Promise<void> {
    const dir = this.siteDir(site)
    if ((await this.current(site)) !== id) return
    const stale = await this.discardStagings(dir, id)
    if (stale.length > 0) await runTreeJob({ op: 'prune', trees: stale, objects: null })
    const ready = path.join(dir, 'staging', `next-${id}`)
    if (await exists(ready)) return
    const manifest = await this.manifest(site, id)
    const placed = [...Object.entries(manifest.files), ...Object.entries(manifest.carried)]
    const prep = path.join(dir, 'staging', `prep-${id}-${randomBytes(4).toString('hex')}`)
    await fs.mkdir(prep, { recursive: true })
    try {
      await linkRelease(dir, prep, placed)
      // Fails if another process put a copy there first (a folder that is not empty).
      await fs.rename(prep, ready)
    } catch (error) {
      await fs.rm(prep, { recursive: true, force: true })
      throw error
    }
  }

  /** The companion text written with release `id`, or null when it has none (or is gone). */
  async companion(site: string, id: string): Promise<string | null> {
    if (!RELEASE.test(id))
      throw new Error(`release store: ${JSON.stringify(id)} is not a release id`)
    await this.companions.get(`${this.siteDir(site)}\u0000${id}`)
    return fs
      .readFile(path.join(this.siteDir(site), 'manifests', `${id}.input.json`), 'utf8')
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null
        throw error
      })
  }

  /** Swaps `current` to `releases/<id>`: a new symlink renamed over the old one (atomic). */
  private async point(dir: string, id: string): Promise<void> {
    const temporary = path.join(dir, 'tmp', `current-${randomBytes(6).toString('hex')}`)
    await fs.symlink(path.join('releases', id), temporary)
    try {
      // The symlink is made in tmp/ but read from the site folder: its target is relative to that.
      await fs.rename(temporary, path.join(dir, 'current'))
    } catch (error) {
      await fs.rm(temporary, { force: true })
      throw error
    }
  }

  /** Stores `source` under its hash (once) and returns the hash. */
  private async storeObject(dir: string, source: FileSource): Promise<string> {
    const bytes =
      typeof source === 'string'
        ? Buffer.from(source, 'utf8')
        : source instanceof Uint8Array
          ? source
          : await fs.readFile(source.file)
    const hash = sha256(bytes)
    const object = objectPath(dir, hash)
    if (!(await exists(object))) {
      await fs.mkdir(path.dirname(object), { recursive: true })
      const temporary = path.join(dir, 'tmp', `object-${randomBytes(6).toString('hex')}`)
      await fs.writeFile(temporary, bytes, { mode: 0o444 })
      await fs.rename(temporary, object)
    }
    return hash
  }
}

const objectPath = (dir: string, hash: string): string => {
  if (!/^[0-9a-f]{64}$/.test(hash))
    throw new Error(`release store: ${JSON.stringify(hash)} is not an object hash`)
  return path.join(dir, 'objects', hash.slice(0, 2), hash)
}

/**
 * Makes `root` a release tree: every folder, then a hard link per `[file, hash]` to its object, in
 * the worker thread (treeWorker.ts): not a promise per file, and the event loop stays free.
 */
const linkRelease = (
  dir: string,
  root: string,
  placed: [file: string, hash: string][],
): Promise<unknown> =>
  runTreeJob({
    op: 'link',
    root,
    folders: [
      ...new Set(
        placed.map(([file]) => path.posix.dirname(file)).filter((folder) => folder !== '.'),
      ),
    ].sort(),
    targets: placed.map(([file]) => file),
    sources: placed.map(([, hash]) => objectPath(dir, hash)),
  })

const sortKeys = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((file) => [file, record[file]!]),
  )

/** Every file path and every folder path the files need. */
const occupied = (files: string[]): { files: Set<string>; dirs: Set<string> } => {
  const dirs = new Set<string>()
  for (const file of files) {
    const parts = file.split('/')
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'))
  }
  return { files: new Set(files), dirs }
}

/** Whether a carried file would sit where a folder of the release is, or under one of its files. */
const conflicts = (file: string, taken: { files: Set<string>; dirs: Set<string> }): boolean => {
  if (taken.dirs.has(file)) return true
  const parts = file.split('/')
  for (let i = 1; i < parts.length; i++)
    if (taken.files.has(parts.slice(0, i).join('/'))) return true
  return false
}

async function writeAtomically(tmpDir: string, file: string, text: string): Promise<void> {
  const temporary = path.join(tmpDir, `file-${randomBytes(6).toString('hex')}`)
  await fs.writeFile(temporary, text)
  await fs.rename(temporary, file)
}

/** Runs `work` on every item, at most `limit` at a time; the first failure rejects (after the
 * ones running settle). */
async function inParallel<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  let failure: unknown = null
  const lane = async (): Promise<void> => {
    while (failure === null && next < items.length) {
      const item = items[next++]!
      try {
        await work(item)
      } catch (error) {
        failure ??= error
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  if (failure !== null) throw failure
}
