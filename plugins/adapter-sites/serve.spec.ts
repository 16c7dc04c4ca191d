import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import { ReleaseStore } from './releases/releaseStore'
import { releasePath, serveSite } from './serve'

let root: string
let store: ReleaseStore

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'serve-'))
  store = new ReleaseStore({ root })
  await writeFile(path.join(root, 'secret.txt'), 'outside')
  await store.writeRelease('acme', {
    files: {
      'index.html': '<p>home</p>',
      'blog/index.html': '<p>blog</p>',
      'assets/site.abc123.css': 'body{}',
      'feed.xml': '<rss/>',
      'media/a.png': new Uint8Array([137, 80, 78, 71]),
      '404.html': '<p>missing</p>',
    },
  })
  const dir = (await store.currentDir('acme'))!
  await symlink(path.join(root, 'secret.txt'), path.join(dir, 'escape.txt'))
})

afterAll(async () => {
  await ReleaseStore.settled() // the staging folder prepared after the last write
  await rm(root, { recursive: true, force: true })
})

const get = (segments: string[], headers: Record<string, string> = {}) =>
  serveSite(new Request('http://app.test/', { headers }), 'acme', segments, store)

test('serves HTML with a strong ETag and answers 304 to it', async () => {
  const res = await get([])
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
  expect(res.headers.get('cache-control')).toBe('no-cache')
  expect(await res.text()).toBe('<p>home</p>')
  const etag = res.headers.get('etag')!
  expect(etag).toMatch(/^"[^"]+"$/)
  expect((await get(['blog'])).status).toBe(200)
  expect(await (await get(['blog', ''])).text()).toBe('<p>blog</p>')
  const again = await get([], { 'If-None-Match': etag })
  expect(again.status).toBe(304)
  expect(await again.text()).toBe('')
})

test('content types and caching of assets, feeds and media', async () => {
  const css = await get(['assets', 'site.abc123.css'])
  expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8')
  expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  expect((await get(['feed.xml'])).headers.get('content-type')).toBe(
    'application/xml; charset=utf-8',
  )
  expect((await get(['media', 'a.png'])).headers.get('content-type')).toBe('image/png')
})

test('missing files are the 404 page, not stored', async () => {
  const res = await get(['nope', 'x.css'])
  expect(res.status).toBe(404)
  expect(res.headers.get('cache-control')).toBe('no-store')
  expect(await res.text()).toBe('<p>missing</p>')
  expect((await serveSite(new Request('http://app.test/'), 'other', [], store)).status).toBe(404)
  expect((await serveSite(new Request('http://app.test/'), '..', [], store)).status).toBe(404)
})

test('no way out of the release: .., encoded dots, NUL, backslashes, symlinks', async () => {
  for (const segments of [
    ['..', 'secret.txt'],
    ['..', '..', 'secret.txt'],
    ['%2e%2e', 'secret.txt'],
    ['%252e%252e', 'secret.txt'],
    ['..%2fsecret.txt'],
    ['index.html\0'],
    ['..\\secret.txt'],
    ['escape.txt'],
  ]) {
    const res = await get(segments)
    expect([segments, res.status]).toEqual([segments, 404])
    expect(await res.text()).not.toContain('outside')
  }
  expect(releasePath(['a', '..', 'b'])).toBeNull()
  expect(releasePath(['%E0%A4%A'])).toBeNull()
})

test('a page served at its folder URL without the slash (Next takes it off) names its folder in <base>', async () => {
  await store.writeRelease('based', {
    files: {
      'index.html':
        '<!DOCTYPE html>\n<html lang="en"><head><title>Home</title></head><body><a href="blog/">Blog</a></body></html>',
      'blog/index.html':
        '<html><head><meta charset="utf-8"></head><body><a href="../">Home</a></body></html>',
    },
  })
  const at = (url: string, segments: string[]) =>
    serveSite(new Request(url), 'based', segments, store).then((res) => res.text())
  expect(await at('http://app.test/sites/based/blog', ['blog'])).toBe(
    '<html><head><base href="/sites/based/blog/"><meta charset="utf-8"></head><body><a href="../">Home</a></body></html>',
  )
  expect(await at('http://app.test/sites/based', [])).toContain(
    '<head><base href="/sites/based/"><title>',
  )
  // With the slash, relative links already resolve: the page is served as stored.
  expect(await at('http://app.test/sites/based/blog/', ['blog', ''])).not.toContain('<base')
})
