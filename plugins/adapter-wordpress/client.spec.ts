import http from 'http'

import { safeFetch } from '@plugins/publishing/exports/server'

import { wordPressClient, type WordPressContext } from './client'

/**
 * A stand-in for WordPress on loopback: `pretty` decides whether /wp-json/ is served, `answer`
 * what the REST API says. (The real WordPress is in tests/int/wordpress.int.spec.ts.)
 */
let pretty = true
/** `stream`: that many bytes of a JSON string, sent in chunks without Content-Length. */
let answer: { status: number; body?: unknown; headers?: Record<string, string>; stream?: number } =
  { status: 200, body: { id: 1 } }
const seen: {
  url: string
  authorization: string | undefined
  method: string
  disposition?: string
}[] = []
let server: http.Server
let site = ''

/** Writes a JSON string of `bytes` x's (rounded up to whole chunks) in chunks of up to 64 KiB, minding backpressure. */
const streamJson = (res: http.ServerResponse, bytes: number): void => {
  const chunk = 'x'.repeat(Math.min(64 * 1024, bytes))
  let left = bytes
  res.write('"')
  const pump = (): void => {
    while (left > 0 && !res.destroyed) {
      left -= chunk.length
      if (!res.write(chunk)) return void res.once('drain', pump)
    }
    if (!res.destroyed) res.end('"')
  }
  pump()
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const disposition = req.headers['content-disposition']
    seen.push({
      url: req.url ?? '',
      authorization: req.headers.authorization,
      method: req.method ?? '',
      // Node reads header bytes as Latin-1; WordPress (PHP) takes them as they are, UTF-8 here.
      ...(disposition ? { disposition: Buffer.from(disposition, 'latin1').toString('utf8') } : {}),
    })
    req.resume()
    const url = new URL(req.url ?? '', 'http://x')
    const rest = url.pathname.startsWith('/wp-json/')
      ? pretty
      : url.pathname === '/' && url.searchParams.has('rest_route')
    if (!rest) {
      res
        .writeHead(404, { 'Content-Type': 'text/html; charset=UTF-8' })
        .end('<html><body>Page not found</body></html>')
      return
    }
    res.writeHead(answer.status, {
      'Content-Type': 'application/json; charset=UTF-8',
      ...answer.headers,
    })
    if (answer.stream) return streamJson(res, answer.stream)
    res.end(JSON.stringify(answer.body ?? null))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  site = `http://127.0.0.1:${(server.address() as { port: number }).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
beforeEach(() => {
  pretty = true
  answer = { status: 200, body: { id: 1 } }
  seen.length = 0
})

const context = (siteUrl = `${site}/`): WordPressContext => ({
  config: { siteUrl },
  credentials: { username: 'editor', applicationPassword: 'abcd EFGH 1234 ijkl' },
  integration: { id: 1, name: 'wp', site: 1 },
  fetch: (url, init = {}) => safeFetch(url, { ...init, allowPrivate: true }),
  logger: { info: () => undefined, warn: () => undefined },
})

const failureOf = async (
  promise: Promise<unknown>,
): Promise<{
  name: string
  message: string
  retryable: boolean
  status: number | null
  retryAfterMs: number | null
}> => {
  try {
    await promise
  } catch (error) {
    return error as never
  }
  throw new Error('expected a failure')
}

describe('wordPressClient', () => {
  it('uses /wp-json/ with Basic auth, the application password without its spaces', async () => {
    const client = wordPressClient(context())
    const { status, body } = await client.request('GET', '/wp/v2/categories', {
      what: 'Listing',
      query: { slug: ['a', 'b'], per_page: 100 },
    })
    expect({ status, body }).toEqual({ status: 200, body: { id: 1 } })
    expect(seen).toEqual([
      {
        url: '/wp-json/wp/v2/categories?slug%5B%5D=a&slug%5B%5D=b&per_page=100',
        authorization: `Basic ${Buffer.from('editor:abcdEFGH1234ijkl').toString('base64')}`,
        method: 'GET',
      },
    ])
  })

  it('falls back to ?rest_route= when /wp-json/ is not served, and finds that out once per client', async () => {
    pretty = false
    const client = wordPressClient(context())
    await client.request('GET', '/wp/v2/users/me', {
      what: 'Signing in',
      query: { context: 'edit' },
    })
    await client.request('POST', '/wp/v2/posts', { what: 'Creating', json: { title: 'x' } })
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /wp-json/wp/v2/users/me?context=edit',
      'GET /?rest_route=%2Fwp%2Fv2%2Fusers%2Fme&context=edit',
      'POST /?rest_route=%2Fwp%2Fv2%2Fposts',
    ])
  })

  it('says so when no WordPress answers at the site URL', async () => {
    pretty = false
    const error = await failureOf(
      wordPressClient(context(`${site}/not-wordpress`)).request('GET', '/wp/v2/users/me', {
        what: 'Signing in',
      }),
    )
    expect(error).toMatchObject({ name: 'PublishingError', retryable: false })
    expect(error.message).toMatch(
      /no WordPress REST API answered at http:\/\/127\.0\.0\.1:\d+\/not-wordpress/,
    )
  })

  it('names the refused credentials on 401 and the missing capability on 403, neither retryable', async () => {
    answer = {
      status: 401,
      body: {
        code: 'rest_cannot_create',
        message: 'Sorry, you are not allowed to create posts as this user.',
      },
    }
    const refused = await failureOf(
      wordPressClient(context()).request('POST', '/wp/v2/posts', {
        what: 'Creating the WordPress post',
      }),
    )
    expect(refused).toMatchObject({ name: 'PublishingError', retryable: false, status: 401 })
    expect(refused.message).toBe(
      'Creating the WordPress post failed: HTTP 401: Sorry, you are not allowed to create posts as this user. WordPress refused the username or application password: check the username saved on this integration and create a new Application Password for it (Users → Profile → Application Passwords).',
    )

    answer = {
      status: 403,
      body: { code: 'rest_cannot_create', message: 'Sorry, you are not allowed to upload files.' },
    }
    const forbidden = await failureOf(
      wordPressClient(context()).request('POST', '/wp/v2/media', {
        what: 'Uploading a.png',
        capability: 'upload_files',
      }),
    )
    expect(forbidden).toMatchObject({ retryable: false, status: 403 })
    expect(forbidden.message).toMatch(
      /Sorry, you are not allowed to upload files\. The integration's WordPress user lacks the "upload_files" capability/,
    )
  })

  it('keeps the username and password out of a failure, also when WordPress echoes them', async () => {
    answer = {
      status: 401,
      body: {
        code: 'incorrect_password',
        message:
          'The password abcdEFGH1234ijkl you entered for the username <strong>Editor</strong> is incorrect.',
      },
    }
    const refused = await failureOf(
      wordPressClient(context()).request('POST', '/wp/v2/posts', {
        what: 'Creating the WordPress post',
      }),
    )
    expect(refused).toMatchObject({ retryable: false, status: 401 })
    expect(refused.message).toContain(
      'The password [redacted] you entered for the username <strong>[redacted]</strong> is incorrect.',
    )
    expect(refused.message).not.toMatch(/editor"|abcd/i)
  })

  it('reads an answer with a cap: a larger one without Content-Length fails for good', async () => {
    answer = { status: 200, stream: 9 * 1024 * 1024 }
    const tooLarge = await failureOf(
      wordPressClient(context()).request('GET', '/wp/v2/posts', {
        what: 'Listing WordPress posts',
      }),
    )
    expect(tooLarge).toMatchObject({ name: 'PublishingError', retryable: false })
    expect(tooLarge.message).toBe(
      'Listing WordPress posts failed: the answer is larger than the limit of 8 MiB',
    )

    answer = { status: 200, stream: 1024 }
    const small = await wordPressClient(context()).request('GET', '/wp/v2/posts', {
      what: 'Listing',
      maxBytes: 2048,
    })
    expect(small.body).toBe('x'.repeat(1024))
  })

  it('tells a failure by its status even when its body is endless', async () => {
    answer = { status: 503, stream: 30 * 1024 * 1024 }
    const failed = await failureOf(
      wordPressClient(context()).request('GET', '/wp/v2/posts', {
        what: 'Listing WordPress posts',
      }),
    )
    expect(failed).toMatchObject({ retryable: true, status: 503 })
    expect(failed.message).toMatch(/^Listing WordPress posts failed: HTTP 503: "x{100}/)
  })

  it('makes 5xx and 429 retryable, with Retry-After', async () => {
    answer = { status: 503, body: { message: 'Briefly unavailable for scheduled maintenance.' } }
    expect(
      await failureOf(
        wordPressClient(context()).request('GET', '/wp/v2/posts', { what: 'Listing' }),
      ),
    ).toMatchObject({ retryable: true, status: 503 })
    answer = { status: 429, body: { message: 'Slow down' }, headers: { 'Retry-After': '7' } }
    expect(
      await failureOf(
        wordPressClient(context()).request('GET', '/wp/v2/posts', { what: 'Listing' }),
      ),
    ).toMatchObject({
      retryable: true,
      status: 429,
      retryAfterMs: 7000,
    })
  })

  it('uploads a file as is, its name arriving as UTF-8 bytes', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71])
    await wordPressClient(context()).request('POST', '/wp/v2/media', {
      what: 'Uploading',
      query: { slug: 'syndicate-1-abcdef12', alt_text: 'Grüße & more' },
      file: { bytes, contentType: 'image/png', filename: 'Grüße "日本";.png' },
    })
    expect(seen).toEqual([
      expect.objectContaining({
        method: 'POST',
        url: '/wp-json/wp/v2/media?slug=syndicate-1-abcdef12&alt_text=Gr%C3%BC%C3%9Fe+%26+more',
        disposition: 'attachment; filename="Grüße _日本__.png"',
      }),
    ])
  })

  it('returns the statuses a caller allows instead of throwing', async () => {
    answer = { status: 404, body: { code: 'rest_post_invalid_id' } }
    const { status, body } = await wordPressClient(context()).request('POST', '/wp/v2/posts/9', {
      what: 'Updating',
      allow: [404],
    })
    expect({ status, body }).toEqual({ status: 404, body: { code: 'rest_post_invalid_id' } })
  })

  it('refuses redirects, asking for the address they lead to', async () => {
    answer = { status: 301, headers: { Location: 'https://example.com/wp-json/wp/v2/posts' } }
    const error = await failureOf(
      wordPressClient(context()).request('POST', '/wp/v2/posts', {
        what: 'Creating the WordPress post',
      }),
    )
    expect(error).toMatchObject({ retryable: false })
    expect(error.message).toMatch(/answered with a redirect\. Enter the address it redirects to/)
  })

  it('reports an unreachable site as retryable', async () => {
    const error = await failureOf(
      wordPressClient(context('http://127.0.0.1:9')).request('GET', '/wp/v2/users/me', {
        what: 'Signing in',
      }),
    )
    expect(error).toMatchObject({ name: 'PublishingError', retryable: true })
  })
})
