import { NextRequest } from 'next/server'
/**
 * The hosted site as served by the app (issue 13, part 4), through the app's own proxy and route
 * handler on a real database: a site's domain serves its current release at `/` while every other
 * host keeps the app; the drafts preview is for the people who work on the site only; rollback is
 * for admins and the site's editors, takes any id spelling without a 500, and restores the
 * previous release byte for byte.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'

import type * as RouteModule from '../../src/app/sites/[site]/[[...path]]/route'
import type * as ProxyModule from '../../src/proxy'
import type { TestApp } from '../helpers/app'

import { storeFor } from '../../plugins/adapter-sites'
import { lexicalParagraph, type World } from '../helpers/fixtures'
import { startSitesWorld } from '../helpers/sitesWorld'

let app: TestApp
let world: World
let stop: () => Promise<void>
let integration: number
let slugA: string
// Imported once the test database is set: the route reads the config, which reads DATABASE_URI.
let GET: typeof RouteModule.GET
let proxy: typeof ProxyModule.proxy

const RELEASE_1 = {
  'index.html':
    '<!DOCTYPE html><html><head><title>Home one</title></head><body><a href="blog/">Blog</a></body></html>',
  'blog/index.html':
    '<!DOCTYPE html><html><head><title>Blog one</title></head><body><a href="../">Home</a></body></html>',
  'assets/site.abc123.css': 'body{color:red}',
  '404.html': '<!DOCTYPE html><html><head><title>Missing</title></head><body>Gone</body></html>',
}
const RELEASE_2 = {
  ...RELEASE_1,
  'index.html': '<!DOCTYPE html><html><head><title>Home two</title></head><body>two</body></html>',
  'extra.txt': 'only in two',
}

beforeAll(async () => {
  ;({ app, world, stop } = await startSitesWorld('sites-serve-int-'))
  ;({ GET } = await import('../../src/app/sites/[site]/[[...path]]/route'))
  ;({ proxy } = await import('../../src/proxy'))
  const { payload } = app
  await payload.update({ collection: 'sites', id: world.siteA, data: { domain: 'acme.example' } })
  // Site B claims a domain too, but has no hosted integration: it is not served.
  await payload.update({ collection: 'sites', id: world.siteB, data: { domain: 'beta.example' } })
  slugA = String((await payload.findByID({ collection: 'sites', id: world.siteA })).slug)
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: { name: 'Hosted', site: world.siteA, platform: 'sites', config: {} },
  })
  expect(res.status).toBe(201)
  integration = res.body.doc.id
  await storeFor({}).writeRelease(slugA, { files: RELEASE_1 })
  await storeFor({}).writeRelease(slugA, { files: RELEASE_2 })
}, 120_000)

afterAll(async () => {
  await stop?.()
})

/** A request as a browser sends it to `host`, through the proxy and then the route it names. */
const visit = async (host: string, pathname: string, headers: Record<string, string> = {}) => {
  const request = new NextRequest(`http://${host}${pathname}`, { headers: { host, ...headers } })
  const proxied = await proxy(request)
  const rewrite = proxied.headers.get('x-middleware-rewrite')
  if (!rewrite) return { rewritten: false as const, response: proxied }
  const target = new URL(rewrite)
  const [, sites, site, ...segments] = target.pathname.split('/')
  expect(sites).toBe('sites')
  // What the proxy passes on (`x-middleware-request-<name>`), as Next hands it to the route.
  const forwarded = new Headers(headers)
  for (const [name, value] of proxied.headers) {
    const match = /^x-middleware-request-(.+)$/.exec(name)
    if (match) forwarded.set(match[1]!, value)
  }
  const response = await GET(new Request(target, { headers: forwarded }), {
    params: Promise.resolve({
      site: site!,
      path: segments.filter(Boolean).map(decodeURIComponent),
    }),
  })
  return { rewritten: true as const, response }
}

describe("a site's domain", () => {
  test('serves the current release at / with HTML revalidated, and assets for a year', async () => {
    const home = await visit('acme.example', '/')
    expect(home.rewritten).toBe(true)
    expect(home.response.status).toBe(200)
    expect(home.response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(home.response.headers.get('cache-control')).toBe('no-cache')
    const html = await home.response.text()
    expect(html).toContain('Home two')
    // At `/` the page's folder is the root: no <base> needed.
    expect(html).not.toContain('<base')

    const etag = home.response.headers.get('etag')!
    const again = await visit('ACME.example:3602', '/', { 'if-none-match': etag })
    expect(again.response.status).toBe(304)

    const css = await visit('acme.example', '/assets/site.abc123.css')
    expect(css.response.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(css.response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')

    const missing = await visit('acme.example', '/assets/site.nope.css')
    expect(missing.response.status).toBe(404)
    expect(missing.response.headers.get('cache-control')).toBe('no-store')
  })

  test("a page without its slash carries a <base> of the visitor's own path, not /sites/…", async () => {
    const blog = await visit('acme.example', '/blog')
    expect(blog.response.status).toBe(200)
    const html = await blog.response.text()
    expect(html).toContain('<base href="/blog/">')
    // A client cannot choose the base: the proxy's header wins.
    const spoofed = await visit('acme.example', '/blog', { 'x-syndicate-site-path': '/evil' })
    expect(await spoofed.response.text()).toContain('<base href="/blog/">')
  })

  test("every path at the domain is the site's: the admin and API are not there", async () => {
    const admin = await visit('acme.example', '/admin')
    expect(admin.rewritten).toBe(true)
    expect(admin.response.status).toBe(404)
    expect(await admin.response.text()).toContain('Gone')
  })

  test('localhost, addresses, other hosts and a domain without a hosted integration keep the app', async () => {
    for (const host of [
      'localhost:3602',
      '127.0.0.1:3602',
      '10.1.2.3',
      'beta.example',
      'other.example',
    ]) {
      const { rewritten } = await visit(host, '/api/users/me')
      expect(rewritten).toBe(false)
      expect((await visit(host, '/')).rewritten).toBe(false)
    }
  })

  test('a changed domain takes effect within a few seconds', async () => {
    await app.payload.update({
      collection: 'sites',
      id: world.siteA,
      data: { domain: 'acme.test' },
    })
    await new Promise((resolve) => setTimeout(resolve, 5200))
    expect((await visit('acme.example', '/')).rewritten).toBe(false)
    expect((await visit('acme.test', '/')).rewritten).toBe(true)
  }, 20_000)
})

describe('the drafts preview', () => {
  const preview = (auth: { token: string } | { apiKey: string } | null, pathname: string) => {
    const headers = new Headers()
    if (auth && 'token' in auth) headers.set('Authorization', `JWT ${auth.token}`)
    if (auth && 'apiKey' in auth) headers.set('Authorization', `users API-Key ${auth.apiKey}`)
    const segments = pathname.split('/').filter(Boolean)
    return GET(new Request(`http://localhost/sites/${slugA}/_preview/${pathname}`, { headers }), {
      params: Promise.resolve({ site: slugA, path: ['_preview', ...segments] }),
    })
  }

  test('shows an unpublished draft to the site editor, marked and private; not in the public site', async () => {
    await app.payload.create({
      collection: 'posts',
      draft: true,
      data: {
        title: 'Secret draft post',
        slug: 'secret-draft',
        site: world.siteA,
        _status: 'draft',
        content: lexicalParagraph('Not yet for visitors'),
      },
    })
    const page = await preview(world.actors.editorA, 'blog/secret-draft/')
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('private, no-store')
    expect(page.headers.get('x-robots-tag')).toContain('noindex')
    const html = await page.text()
    expect(html).toContain('Not yet for visitors')
    expect(html).toContain('Preview — drafts')
    const index = await (await preview(world.actors.admin, 'blog/')).text()
    expect(index).toContain('Secret draft post')

    // The public site (the current release) does not have it.
    const pub = await GET(new Request(`http://localhost/sites/${slugA}/blog/secret-draft`), {
      params: Promise.resolve({ site: slugA, path: ['blog', 'secret-draft'] }),
    })
    expect(pub.status).toBe(404)
  })

  test('is refused to the public, API keys and editors of other sites, without content', async () => {
    const anonymous = await preview(null, 'blog/secret-draft/')
    expect(anonymous.status).toBe(401)
    for (const auth of [world.actors.editorB, world.actors.apiKey]) {
      const res = await preview(auth, 'blog/secret-draft/')
      expect(res.status).toBe(404)
      expect(await res.text()).not.toContain('Secret')
    }
  })
})

describe('rollback', () => {
  const rollback = (id: string, auth = world.actors.editorA, body: unknown = {}) =>
    app.api.post(`/integrations/${id}/rollback`, { auth, body })

  test('is refused to the public, API keys and editors of other sites', async () => {
    expect((await rollback(String(integration), world.actors.anonymous)).status).toBe(401)
    expect((await rollback(String(integration), world.actors.apiKey)).status).toBe(403)
    const other = await rollback(String(integration), world.actors.editorB)
    expect(other.status).toBe(403)
    expect(other.body.errors[0].message).toContain('editors of this site')
  })

  test('answers every id spelling and a bad release with a 4xx sentence, never a 500', async () => {
    for (const id of ['abc', '-1', '1.5', '%7B%22id%22%3A1%7D', '0']) {
      const res = await rollback(id)
      expect([400, 404]).toContain(res.status)
      expect(res.body.errors[0].message).toMatch(/\w+ \w+/)
    }
    expect((await rollback('4294967296')).status).toBe(404)
    expect((await rollback('99999')).status).toBe(404)
    const unknown = await rollback(String(integration), world.actors.editorA, {
      release: 'no-such-release',
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.errors[0].message).toContain('no release "no-such-release"')
    const shaped = await rollback(String(integration), world.actors.editorA, { release: { id: 1 } })
    expect(shaped.status).toBe(400)
  })

  test('restores the previous release byte for byte', async () => {
    const store = storeFor({})
    const before = await store.current(slugA)
    const res = await rollback(String(integration))
    expect(res.status).toBe(200)
    expect(await store.current(slugA)).not.toBe(before)
    const dir = (await store.currentDir(slugA))!
    for (const [file, body] of Object.entries(RELEASE_1)) {
      expect(await readFile(path.join(dir, file), 'utf8')).toBe(body)
    }
    await expect(readFile(path.join(dir, 'extra.txt'))).rejects.toThrow()
  })
})
