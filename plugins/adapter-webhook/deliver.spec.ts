import http from 'http'

import { safeFetch } from '@plugins/publishing/exports/server'

import type { WebhookContext } from './deliver'

import { postEvent } from './deliver'

let server: http.Server
/** `stream`: answer that many bytes in chunks, without Content-Length. */
let answer: { status: number; headers?: Record<string, string>; stream?: number } = { status: 200 }
let url = ''

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers })
      if (answer.stream) {
        // Written as fast as the client reads; once the client stops, writes just pile up.
        for (let left = answer.stream; left > 0 && !res.destroyed; left -= 16 * 1024)
          res.write(' '.repeat(16 * 1024))
        return void res.end('{}')
      }
      res.end(JSON.stringify({ message: `answered ${answer.status}` }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const context = (target = url): WebhookContext => ({
  config: { url: target },
  credentials: { signingSecret: 's' },
  integration: { id: 1, name: 'hook', site: 1 },
  fetch: (u, init = {}) => safeFetch(u, { ...init, allowPrivate: true }),
  logger: { info: () => {}, warn: () => {} },
})

describe('postEvent', () => {
  it('treats removing a copy the receiver no longer has as done', async () => {
    for (const status of [404, 410]) {
      answer = { status }
      await expect(postEvent(context(), 'delete', 'k', null)).resolves.toEqual({
        id: null,
        url: null,
      })
      await expect(postEvent(context(), 'unpublish', 'k', null)).resolves.toEqual({
        id: null,
        url: null,
      })
    }
    answer = { status: 404 }
    await expect(postEvent(context(), 'publish', 'k', null)).rejects.toMatchObject({
      name: 'PublishingError',
      retryable: false,
      status: 404,
    })
  })

  it('refuses to follow a redirect, which would turn the POST into an empty GET', async () => {
    answer = { status: 302, headers: { Location: `${url}/elsewhere` } }
    await expect(postEvent(context(), 'publish', 'k', null)).rejects.toMatchObject({
      name: 'PublishingError',
      retryable: false,
      message: expect.stringMatching(/answered with a redirect: enter the URL it redirects to/),
    })
  })

  it('reports an unreachable receiver as a retryable PublishingError', async () => {
    await expect(
      postEvent(context('http://127.0.0.1:9/hook'), 'publish', 'k', null),
    ).rejects.toMatchObject({
      name: 'PublishingError',
      retryable: true,
    })
  })

  it('fails for good on an answer larger than the cap, sent without Content-Length', async () => {
    answer = { status: 200, stream: 2 * 1024 * 1024 }
    await expect(postEvent(context(), 'publish', 'k', null)).rejects.toMatchObject({
      name: 'PublishingError',
      retryable: false,
      message: 'The webhook publish failed: the answer is larger than the limit of 1 MiB',
    })
    answer = { status: 200 }
  })
})
