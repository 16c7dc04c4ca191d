import { jest } from '@jest/globals'
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { ReleaseStore } from './releaseStore'

let root: string

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'sites-releases-'))
})

afterEach(async () => {
  // a write prepares the next release's staging folder in the background: let it finish first
  await ReleaseStore.settled()
  await fs.rm(root, { recursive: true, force: true })
})

/** Every file of a folder, path → bytes (as text), sorted. */
async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (sub: string): Promise<void> => {
    for (const entry of await fs.readdir(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name
      if (entry.isDirectory()) await walk(rel)
      else out[rel] = await fs.readFile(path.join(dir, rel), 'utf8')
    }
  }
  await walk('')
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)))
}

const inode = async (file: string): Promise<number> => (await fs.stat(file)).ino

const site1 = {
  'index.html': '<h1>Home</h1>',
  'about/index.html': '<h1>About</h1>',
  'assets/site.aaaa.css': 'body{}',
  'media/a.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0x00]),
}

describe('ReleaseStore', () => {
  it('keeps a companion beside a release, never in it, and prunes it with the release', async () => {
    const store = new ReleaseStore({ root, keepReleases: 1 })
    const first = (await store.writeRelease('acme', { files: site1, companion: '{"n":1}' })).release
      .id
    expect(await store.companion('acme', first)).toBe('{"n":1}')
    expect(Object.keys(await readTree((await store.currentDir('acme'))!))).not.toContain(
      expect.stringContaining('input'),
    )
    const second = (await store.writeRelease('acme', { base: 'current', files: {} })).release.id
    expect(await store.companion('acme', second)).toBeNull()
    expect(await store.newest('acme')).toBe(second)
    expect(await store.companion('acme', first)).toBeNull()
    expect(await fs.readdir(path.join(root, 'acme', 'manifests'))).toEqual([`${second}.json`])
  })

  it('writes a release and points current at it', async () => {
    const store = new ReleaseStore({ root })
    expect(await store.current('acme')).toBeNull()
    const { release } = await store.writeRelease('acme', { files: site1 })
    expect(release).toEqual(
      expect.objectContaining({ files: 4, carried: 0, current: true, base: null }),
    )
    expect(release.id).toMatch(/^000001-\d{8}T\d{9}Z$/)
    expect(await store.current('acme')).toBe(release.id)
    const dir = (await store.currentDir('acme'))!
    expect(dir).toBe(path.join(root, 'acme', 'releases', release.id))
    expect(await fs.readlink(path.join(root, 'acme', 'current'))).toBe(`releases/${release.id}`)
    expect(
      await fs.readFile(path.join(root, 'acme', 'current', 'about', 'index.html'), 'utf8'),
    ).toBe('<h1>About</h1>')
    expect([...(await fs.readFile(path.join(dir, 'media/a.jpg')))]).toEqual([
      0xff, 0xd8, 0xff, 0x00,
    ])
    expect(Object.keys((await store.manifest('acme', release.id)).files)).toEqual([
      'about/index.html',
      'assets/site.aaaa.css',
      'index.html',
      'media/a.jpg',
    ])
  })

  it('defaults to SITES_OUTPUT_DIR, then .data/sites', () => {
    const saved = process.env.SITES_OUTPUT_DIR
    try {
      process.env.SITES_OUTPUT_DIR = root
      expect(new ReleaseStore().root).toBe(root)
      delete process.env.SITES_OUTPUT_DIR
      expect(new ReleaseStore().root).toBe(path.resolve('.data/sites'))
    } finally {
      if (saved === undefined) delete process.env.SITES_OUTPUT_DIR
      else process.env.SITES_OUTPUT_DIR = saved
    }
  })

  it('shares unchanged files between releases as hard links to one read-only object', async () => {
    // Counts the links of releases: without the staging copy prepared in the background after each
    // write, which is one more link (its own tests are under "a pre-linked next release").
    const store = new ReleaseStore({ root, prelink: false })
    const first = (await store.writeRelease('acme', { files: site1 })).release
    const second = (
      await store.writeRelease('acme', {
        files: { ...site1, 'index.html': '<h1>Home, again</h1>' },
      })
    ).release
    const a = path.join(root, 'acme', 'releases', first.id)
    const b = path.join(root, 'acme', 'releases', second.id)
    expect(await inode(path.join(a, 'about/index.html'))).toBe(
      await inode(path.join(b, 'about/index.html')),
    )
    expect(await inode(path.join(a, 'media/a.jpg'))).toBe(await inode(path.join(b, 'media/a.jpg')))
    expect(await inode(path.join(a, 'index.html'))).not.toBe(
      await inode(path.join(b, 'index.html')),
    )
    const stat = await fs.stat(path.join(b, 'about/index.html'))
    expect(stat.nlink).toBe(3) // the object and two releases
    expect(stat.mode & 0o222).toBe(0) // nobody can write through a link into every release
    // one object per distinct content: 4 files + the new home page
    const objects = (
      await fs.readdir(path.join(root, 'acme', 'objects'), { recursive: true, withFileTypes: true })
    ).filter((e) => e.isFile())
    expect(objects).toHaveLength(5)
  })

  it('makes an incremental release from the previous one plus changed and removed paths', async () => {
    const store = new ReleaseStore({ root, assetReleases: 0 })
    const first = (await store.writeRelease('acme', { files: site1 })).release
    const { release } = await store.writeRelease('acme', {
      base: 'current',
      files: { 'blog/new/index.html': '<h1>New</h1>', 'index.html': '<h1>Home 2</h1>' },
      remove: ['about/index.html'],
    })
    expect(release.base).toBe(first.id)
    expect(await readTree((await store.currentDir('acme'))!)).toEqual({
      'assets/site.aaaa.css': 'body{}',
      'blog/new/index.html': '<h1>New</h1>',
      'index.html': '<h1>Home 2</h1>',
      'media/a.jpg': '\ufffd\ufffd\ufffd\u0000',
    })
    expect(await inode(path.join(root, 'acme/releases', release.id, 'assets/site.aaaa.css'))).toBe(
      await inode(path.join(root, 'acme/releases', first.id, 'assets/site.aaaa.css')),
    )
    // the first release is untouched
    expect(Object.keys(await readTree(path.join(root, 'acme/releases', first.id)))).toEqual([
      'about/index.html',
      'assets/site.aaaa.css',
      'index.html',
      'media/a.jpg',
    ])
    await expect(store.writeRelease('other', { base: 'current', files: {} })).rejects.toThrow(
      'no current release',
    )
  })

  it('links a large release in bulk, not with a file-system promise per file', async () => {
    const store = new ReleaseStore({ root })
    const big: Record<string, string> = {}
    for (let i = 0; i < 3000; i++) big[`blog/post-${i}/index.html`] = `<h1>Post ${i}</h1>`
    const first = (await store.writeRelease('acme', { files: { ...site1, ...big } })).release
    const link = jest.spyOn(fs, 'link')
    const mkdir = jest.spyOn(fs, 'mkdir')
    try {
      const { release } = await store.writeRelease('acme', {
        base: 'current',
        files: { 'blog/post-7/index.html': '<h1>Seven</h1>' },
        remove: ['about/index.html'],
      })
      expect(link).not.toHaveBeenCalled()
      // the site's folders (objects/, releases/, …) and the staging folder, not one per page
      expect(mkdir.mock.calls.length).toBeLessThan(10)
      const tree = await readTree(path.join(root, 'acme', 'releases', release.id))
      expect(Object.keys(tree)).toHaveLength(3000 + 3)
      expect(tree['blog/post-7/index.html']).toBe('<h1>Seven</h1>')
      expect(tree['blog/post-2999/index.html']).toBe('<h1>Post 2999</h1>')
      expect(tree['about/index.html']).toBeUndefined()
      expect(
        await inode(path.join(root, 'acme', 'releases', release.id, 'blog/post-8/index.html')),
      ).toBe(await inode(path.join(root, 'acme', 'releases', first.id, 'blog/post-8/index.html')))
    } finally {
      link.mockRestore()
      mkdir.mockRestore()
    }
  })

  it('leaves the current release untouched when a write fails midway', async () => {
    const store = new ReleaseStore({ root })
    const first = (await store.writeRelease('acme', { files: site1 })).release
    const before = await readTree((await store.currentDir('acme'))!)
    // `blog` is a file, so `blog/post/index.html` cannot be placed: the failure comes after other
    // files of the release were stored and linked.
    await expect(
      store.writeRelease('acme', {
        files: {
          'a.html': 'new a',
          blog: 'a file',
          'blog/post/index.html': 'x',
          'index.html': 'new home',
        },
      }),
    ).rejects.toThrow()
    // and a source file that cannot be read, after others were stored
    await expect(
      store.writeRelease('acme', {
        files: { 'index.html': 'newer', 'media/b.jpg': { file: path.join(root, 'missing.jpg') } },
      }),
    ).rejects.toThrow(/ENOENT/)
    expect(await store.current('acme')).toBe(first.id)
    expect(await readTree((await store.currentDir('acme'))!)).toEqual(before)
    expect((await store.listReleases('acme')).map((r) => r.id)).toEqual([first.id])
    expect(await fs.readdir(path.join(root, 'acme', 'tmp'))).toEqual([])
    expect(await fs.readdir(path.join(root, 'acme', 'releases'))).toEqual([first.id])
    // the objects the failed writes stored are collected by a prune
    const objects = async () =>
      (
        await fs.readdir(path.join(root, 'acme', 'objects'), {
          recursive: true,
          withFileTypes: true,
        })
      ).filter((e) => e.isFile()).length
    expect(await objects()).toBeGreaterThan(4)
    expect((await store.prune('acme')).releases).toEqual([])
    expect(await objects()).toBe(4)
    // paths are checked before anything is written
    await expect(store.writeRelease('acme', { files: { '../escape.html': 'x' } })).rejects.toThrow(
      'not a relative output path',
    )
    await expect(store.writeRelease('acme', { files: { '/abs.html': 'x' } })).rejects.toThrow(
      'not a relative output path',
    )
    await expect(store.writeRelease('../acme', { files: {} })).rejects.toThrow('not a site key')
  })

  it('rolls back to the previous release, or a named one, byte for byte', async () => {
    const store = new ReleaseStore({ root })
    const one = (await store.writeRelease('acme', { files: site1 })).release
    const oneFiles = await readTree((await store.currentDir('acme'))!)
    const two = (
      await store.writeRelease('acme', {
        base: 'current',
        files: { 'index.html': 'two' },
        remove: ['about/index.html'],
      })
    ).release
    const twoFiles = await readTree((await store.currentDir('acme'))!)
    const three = (await store.writeRelease('acme', { files: { 'index.html': 'three' } })).release

    expect((await store.rollback('acme')).id).toBe(two.id)
    expect(await readTree((await store.currentDir('acme'))!)).toEqual(twoFiles)
    expect((await store.rollback('acme')).id).toBe(one.id)
    const restored = await readTree((await store.currentDir('acme'))!)
    expect(restored).toEqual(oneFiles)
    expect(Buffer.from(await fs.readFile(path.join(root, 'acme/current/media/a.jpg')))).toEqual(
      Buffer.from(site1['media/a.jpg']),
    )
    await expect(store.rollback('acme')).rejects.toThrow('no earlier release')
    expect((await store.rollback('acme', three.id)).id).toBe(three.id)
    expect(await store.current('acme')).toBe(three.id)
    await expect(store.rollback('acme', '000099-20260101T000000000Z')).rejects.toThrow('no release')
    const list = await store.listReleases('acme')
    expect(list.map((r) => [r.id, r.current])).toEqual([
      [three.id, true],
      [two.id, false],
      [one.id, false],
    ])
  })

  it('keeps the assets of the last few releases servable from the new one', async () => {
    const store = new ReleaseStore({ root, assetReleases: 2 })
    await store.writeRelease('acme', {
      files: { 'index.html': '1', 'assets/site.1.css': 'a{}', 'media/old.jpg': 'jpg' },
    })
    const { release } = await store.writeRelease('acme', {
      files: { 'index.html': '2', 'assets/site.2.css': 'b{}' },
    })
    expect(release.carried).toBe(2)
    const dir = (await store.currentDir('acme'))!
    expect(await fs.readFile(path.join(dir, 'assets/site.1.css'), 'utf8')).toBe('a{}')
    expect(await fs.readFile(path.join(dir, 'media/old.jpg'), 'utf8')).toBe('jpg')
    expect((await store.manifest('acme', release.id)).carried).toEqual({
      'assets/site.1.css': expect.stringMatching(/^[0-9a-f]{64}$/),
      'media/old.jpg': expect.stringMatching(/^[0-9a-f]{64}$/),
    })
    // only the site's own files are carried on, so they fade out after `assetReleases` releases
    await store.writeRelease('acme', { files: { 'index.html': '3', 'assets/site.3.css': 'c{}' } })
    expect(Object.keys(await readTree((await store.currentDir('acme'))!)).sort()).toEqual([
      'assets/site.1.css',
      'assets/site.2.css',
      'assets/site.3.css',
      'index.html',
      'media/old.jpg',
    ])
    await store.writeRelease('acme', { files: { 'index.html': '4', 'assets/site.4.css': 'd{}' } })
    expect(Object.keys(await readTree((await store.currentDir('acme'))!)).sort()).toEqual([
      'assets/site.2.css',
      'assets/site.3.css',
      'assets/site.4.css',
      'index.html',
    ])
    // pages are never carried
    expect(await readTree((await store.currentDir('acme'))!)).not.toHaveProperty('about/index.html')
  })

  it('prunes all but the last releases and the current one, and the objects only they used', async () => {
    const store = new ReleaseStore({ root, keepReleases: 3, assetReleases: 0 })
    const ids: string[] = []
    for (let i = 1; i <= 5; i++)
      ids.push(
        (
          await store.writeRelease('acme', {
            files: { 'index.html': `v${i}`, 'same.txt': 'shared' },
          })
        ).release.id,
      )
    expect((await store.listReleases('acme')).map((r) => r.id)).toEqual([ids[4], ids[3], ids[2]])
    expect(await fs.readdir(path.join(root, 'acme', 'releases'))).toEqual([ids[2], ids[3], ids[4]])
    const objects = async () =>
      (
        await fs.readdir(path.join(root, 'acme', 'objects'), {
          recursive: true,
          withFileTypes: true,
        })
      ).filter((e) => e.isFile()).length
    expect(await objects()).toBe(4) // v3, v4, v5 and the shared file
    // the current release is kept even when it is older than the ones kept (after a rollback)
    await store.rollback('acme', ids[2])
    const strict = new ReleaseStore({ root, keepReleases: 1 })
    expect(await strict.prune('acme')).toEqual({ releases: [ids[3]], objects: 1 })
    expect((await store.listReleases('acme')).map((r) => [r.id, r.current])).toEqual([
      [ids[4], false],
      [ids[2], true],
    ])
    expect(await objects()).toBe(3) // v3, v5 and the shared file
    expect(await fs.readFile(path.join(root, 'acme/current/index.html'), 'utf8')).toBe('v3')
  })

  it('queues writes to one site: concurrent writes each make their own release', async () => {
    const store = new ReleaseStore({ root })
    const results = await Promise.all(
      [1, 2, 3].map((i) => store.writeRelease('acme', { files: { 'index.html': `v${i}` } })),
    )
    expect(new Set(results.map((r) => r.release.id)).size).toBe(3)
    expect(await store.current('acme')).toBe(results[2]!.release.id)
  })

  it('never shows a reader a mix of two releases while releases are written', async () => {
    const store = new ReleaseStore({ root, keepReleases: 100 })
    const files = (n: number): Record<string, string> =>
      Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`dir${i % 4}/page-${i}.html`, `release ${n}`]),
      )
    await store.writeRelease('acme', { files: files(0) })
    const stop = path.join(root, 'stop')
    // A separate process reads the way the server will: resolve `current` once, then read from
    // that folder.
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `
        const fs = require('fs'), path = require('path')
        const site = ${JSON.stringify(path.join(root, 'acme'))}, stop = ${JSON.stringify(stop)}
        let reads = 0, mixes = 0, releases = new Set()
        fs.writeFileSync(stop + '.ready', '')
        while (!fs.existsSync(stop)) {
          const dir = path.join(site, fs.readlinkSync(path.join(site, 'current')))
          const seen = new Set()
          for (let i = 0; i < 40; i++) seen.add(fs.readFileSync(path.join(dir, 'dir' + (i % 4), 'page-' + i + '.html'), 'utf8'))
          if (seen.size !== 1) mixes++
          releases.add([...seen][0])
          reads++
        }
        process.stdout.write(JSON.stringify({ reads, mixes, releases: releases.size }))
        `,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    reader.stdout.on('data', (chunk) => (out += chunk))
    reader.stderr.on('data', (chunk) => (err += chunk))
    const done = new Promise<number | null>((resolve) => reader.on('close', resolve))
    while (!(await fs.stat(`${stop}.ready`).catch(() => null)))
      await new Promise((resolve) => setTimeout(resolve, 10))
    for (let n = 1; n <= 25; n++) await store.writeRelease('acme', { files: files(n) })
    await fs.writeFile(stop, '')
    expect(await done).toBe(0)
    expect(err).toBe('')
    const result = JSON.parse(out) as { reads: number; mixes: number; releases: number }
    expect(result.mixes).toBe(0)
    expect(result.reads).toBeGreaterThan(0)
    expect(result.releases).toBeGreaterThan(1) // it did read across switches
  })

  describe('a pre-linked next release', () => {
    /** Every folder of a tree (empty ones too), relative, sorted. */
    const folders = async (dir: string): Promise<string[]> =>
      (await fs.readdir(dir, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isDirectory())
        .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
        .sort()
    const staging = (name = '') => path.join(root, 'acme', 'staging', name)
    const releaseDir = (id: string) => path.join(root, 'acme', 'releases', id)

    const first = {
      'index.html': '<h1>Home</h1>',
      'about/index.html': '<h1>About</h1>',
      'about/team/index.html': '<h1>Team</h1>',
      'blog/index.html': '<h1>Blog</h1>',
      'blog/one/index.html': '<h1>One</h1>',
      'assets/site.1.css': 'a{}',
      'media/a.jpg': 'jpg a',
    }
    const change = {
      files: {
        'index.html': '<h1>Home 2</h1>',
        'blog/two/index.html': '<h1>Two</h1>',
        'assets/site.2.css': 'b{}',
      },
      remove: ['about/index.html', 'about/team/index.html', 'assets/site.1.css'],
    }

    it('patches a copy of the current release made after it went live: the same tree as a full write, only the changed files new', async () => {
      const store = new ReleaseStore({ root })
      const one = (await store.writeRelease('acme', { files: first })).release
      await store.idle('acme')
      expect(await fs.readdir(staging())).toEqual([`next-${one.id}`])
      expect(await readTree(staging(`next-${one.id}`))).toEqual(await readTree(releaseDir(one.id)))
      const oneBefore = await readTree(releaseDir(one.id))

      const two = (await store.writeRelease('acme', { base: 'current', ...change })).release
      expect(store.stats).toEqual({ prelinked: 1, linked: 1 })
      expect(await store.current('acme')).toBe(two.id)
      const tree = await readTree(releaseDir(two.id))

      // the same files, folders and bytes as the site written in full by a store without staging
      const full = new ReleaseStore({ root: path.join(root, 'full'), prelink: false })
      const expected: Record<string, string> = { ...first, ...change.files }
      for (const file of change.remove) delete expected[file]
      // …with the stylesheet of release one that the new one carries (assets stay servable)
      await full.writeRelease('acme', { files: { ...expected, 'assets/site.1.css': 'a{}' } })
      const fullDir = (await full.currentDir('acme'))!
      expect(tree).toEqual(await readTree(fullDir))
      // the folders too: `about/` and `about/team/`, emptied, are gone
      expect(await folders(releaseDir(two.id))).toEqual(await folders(fullDir))
      expect(two.carried).toBe(1)

      // unchanged files are the same inodes as release one's; changed and new files are new inodes
      for (const file of ['blog/index.html', 'blog/one/index.html', 'media/a.jpg'])
        expect(await inode(path.join(releaseDir(two.id), file))).toBe(
          await inode(path.join(releaseDir(one.id), file)),
        )
      for (const file of ['index.html'])
        expect(await inode(path.join(releaseDir(two.id), file))).not.toBe(
          await inode(path.join(releaseDir(one.id), file)),
        )
      // nothing was written through a shared link: release one is byte for byte as it was
      expect(await readTree(releaseDir(one.id))).toEqual(oneBefore)
      expect((await fs.stat(path.join(releaseDir(two.id), 'index.html'))).mode & 0o222).toBe(0)

      // the staging was taken (not copied) and the next one is prepared from release two
      await store.idle('acme')
      expect(await fs.readdir(staging())).toEqual([`next-${two.id}`])
      expect(await readTree(staging(`next-${two.id}`))).toEqual(tree)
      expect(await fs.readdir(path.join(root, 'acme', 'tmp'))).toEqual([])
    })

    it('does not use a staging made from another release: after a rollback, a full write, or a write by another process', async () => {
      const store = new ReleaseStore({ root, assetReleases: 0 })
      const one = (await store.writeRelease('acme', { files: first })).release
      await store.idle('acme')
      const two = (await store.writeRelease('acme', { base: 'current', ...change })).release
      await store.idle('acme')
      expect(await fs.readdir(staging())).toEqual([`next-${two.id}`])

      // rolled back to one: the copy of two must not become the base of a release made from one
      await store.rollback('acme', one.id)
      const three = (
        await store.writeRelease('acme', { base: 'current', files: { 'index.html': 'three' } })
      ).release
      expect(store.stats).toEqual({ prelinked: 1, linked: 2 })
      expect(await readTree(releaseDir(three.id))).toEqual(
        await readTree(releaseDir(one.id)).then((tree) => ({ ...tree, 'index.html': 'three' })),
      )
      await store.idle('acme')
      expect(await fs.readdir(staging())).toEqual([`next-${three.id}`])

      // a full write: the copy of three is discarded, even for a write naming three as its base
      const four = (await store.writeRelease('acme', { files: { 'index.html': 'four' } })).release
      expect(
        (await fs.readdir(staging())).filter((name) => name.startsWith('next-')),
      ).not.toContain(`next-${three.id}`)
      await store.idle('acme')
      expect(await fs.readdir(staging())).toEqual([`next-${four.id}`])

      // another process (no staging of its own) writes a release: ours is of a release that is no
      // longer current, and the next write here links in full
      const other = new ReleaseStore({ root, assetReleases: 0, prelink: false })
      const five = (
        await other.writeRelease('acme', { files: { 'index.html': 'five', 'x.html': 'x' } })
      ).release
      const six = (
        await store.writeRelease('acme', { base: 'current', files: { 'index.html': 'six' } })
      ).release
      expect(store.stats).toEqual({ prelinked: 1, linked: 4 })
      expect(await readTree(releaseDir(six.id))).toEqual({ 'index.html': 'six', 'x.html': 'x' })
      expect((await store.manifest('acme', six.id)).base).toBe(five.id)
    })

    it('leaves the current release and its staging coherent when a write fails after taking the staging', async () => {
      const store = new ReleaseStore({ root })
      const one = (await store.writeRelease('acme', { files: first })).release
      await store.idle('acme')
      const before = await readTree(releaseDir(one.id))
      // `blog/index.html` is a file: nothing can go under it; the patch fails in the worker
      await expect(
        store.writeRelease('acme', {
          base: 'current',
          files: { 'index.html': 'new', 'blog/index.html/x.html': 'x' },
        }),
      ).rejects.toThrow()
      expect(store.stats.prelinked).toBe(1)
      expect(await store.current('acme')).toBe(one.id)
      expect(await readTree(releaseDir(one.id))).toEqual(before)
      expect(await fs.readdir(path.join(root, 'acme', 'tmp'))).toEqual([])
      expect(await fs.readdir(path.join(root, 'acme', 'releases'))).toEqual([one.id])
      // the half-patched copy is gone with the failed write, never offered again
      expect(await fs.readdir(staging())).toEqual([])
      const two = (await store.writeRelease('acme', { base: 'current', ...change })).release
      expect(store.stats).toEqual({ prelinked: 1, linked: 2 })
      const expected: Record<string, string> = { ...first, ...change.files }
      for (const file of change.remove) if (!file.startsWith('assets/')) delete expected[file]
      expect(await readTree(releaseDir(two.id))).toEqual(expected)
    })

    it('rolls back byte for byte across releases made from stagings, and prune keeps the current staging', async () => {
      const store = new ReleaseStore({ root, keepReleases: 2 })
      const trees: Record<string, Record<string, string>> = {}
      const ids: string[] = []
      let files: Record<string, string> = { ...first }
      for (let n = 1; n <= 4; n++) {
        if (n > 1)
          files = { ...files, 'index.html': `home ${n}`, [`blog/p${n}/index.html`]: `${n}` }
        const { release } = await store.writeRelease(
          'acme',
          n === 1
            ? { files }
            : {
                base: 'current',
                files: { 'index.html': files['index.html']!, [`blog/p${n}/index.html`]: `${n}` },
              },
        )
        ids.push(release.id)
        trees[release.id] = await readTree(releaseDir(release.id))
        await store.idle('acme')
      }
      expect(store.stats).toEqual({ prelinked: 3, linked: 1 })
      expect((await store.listReleases('acme')).map((r) => r.id)).toEqual([ids[3], ids[2]])
      expect(await readTree(releaseDir(ids[3]!))).toEqual(files)
      expect((await store.rollback('acme')).id).toBe(ids[2])
      expect(await readTree((await store.currentDir('acme'))!)).toEqual(trees[ids[2]!])
      expect((await store.rollback('acme', ids[3])).id).toBe(ids[3])
      expect(await readTree((await store.currentDir('acme'))!)).toEqual(trees[ids[3]!])
      // a prune keeps the staging of the current release (and the objects it links)
      await store.prune('acme')
      expect(await fs.readdir(staging())).toEqual([`next-${ids[3]}`])
      expect(await readTree(staging(`next-${ids[3]}`))).toEqual(trees[ids[3]!])
      // after a rollback, the staging of the release left is discarded by the next prune
      await store.rollback('acme', ids[2])
      await store.prune('acme')
      expect(await fs.readdir(staging())).toEqual([])
    })
  })
})
