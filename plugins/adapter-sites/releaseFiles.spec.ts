import { promises as fs } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { ImageFile, SiteChange } from './render/types'

import { releaseFiles } from './releaseFiles'
import { ReleaseStore } from './releases/releaseStore'
import { planChange } from './render/graph'
import { renderLayout, renderSite } from './render/renderSite'
import { post, SAMPLE_OPTIONS, sampleSite } from './render/sampleSite'

let root: string
let mediaDir: string

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'sites-deploy-'))
  mediaDir = path.join(root, 'media-source')
  await fs.mkdir(mediaDir)
})

afterEach(async () => {
  // a write prepares the next release's staging folder in the background: let it finish first
  await ReleaseStore.settled()
  await fs.rm(root, { recursive: true, force: true })
})

/** The media files as the CMS's storage would hand them over. */
const fromMediaDir = (media: ImageFile): Promise<Uint8Array> =>
  fs.readFile(path.join(mediaDir, media.filename))

async function readTree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    out[path.relative(dir, full)] = (await fs.readFile(full)).toString('base64')
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)))
}

describe('render → release', () => {
  it('an incremental publish gives the same release as a full deploy, writing only the planned files', async () => {
    const site = sampleSite()
    const first = renderSite(site, SAMPLE_OPTIONS).files
    for (const [, file] of first)
      if ('media' in file)
        await fs.writeFile(
          path.join(mediaDir, file.media.filename),
          `bytes of ${file.media.filename}`,
        )
    const store = new ReleaseStore({ root: path.join(root, 'out'), assetReleases: 0 })
    await store.writeRelease('acme', { files: await releaseFiles(first, fromMediaDir) })

    // publish a new post, incrementally
    const next = post(13)
    const after = { ...site, posts: [...site.posts, next] }
    const change: SiteChange = { type: 'post', before: null, after: next }
    const plan = planChange(after, change, SAMPLE_OPTIONS)
    const partial = renderLayout(plan.layout, plan.write).files
    expect([...partial].sort()).toEqual(
      [...renderSite(after, SAMPLE_OPTIONS, plan.write).files].sort(),
    )
    const { release } = await store.writeRelease('acme', {
      base: 'current',
      files: await releaseFiles(partial, fromMediaDir),
      remove: plan.remove,
    })
    expect(release.base).not.toBeNull()
    const incremental = await readTree((await store.currentDir('acme'))!)

    // the same site deployed in full
    const full = new ReleaseStore({ root: path.join(root, 'full') })
    await full.writeRelease('acme', {
      files: await releaseFiles(renderSite(after, SAMPLE_OPTIONS).files, fromMediaDir),
    })
    expect(incremental).toEqual(await readTree((await full.currentDir('acme'))!))

    // and the files it rewrote are these (the issue asks for them to be listed)
    expect(plan.write).toEqual([
      'about/team/index.html',
      'blog/category/odd/index.html',
      'blog/index.html',
      'blog/post-12/index.html',
      'blog/post-13/index.html',
      'feed.xml',
      'index.html',
      'sitemap.xml',
    ])
  })
})
