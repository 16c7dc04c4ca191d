import { refuseOversizedBody } from './bodyLimit'
import { JSON_BODY_LIMIT, MULTIPART_OVERHEAD, UPLOAD_FILE_LIMIT } from './limits'

const request = (path: string, headers: Record<string, string>, method = 'POST') =>
  new Request(`http://localhost${path}`, { method, headers })

const json = (bytes: number) => ({
  'content-type': 'application/json',
  'content-length': String(bytes),
})

describe('refuseOversizedBody', () => {
  it('lets JSON up to 1 MiB through', () => {
    expect(refuseOversizedBody(request('/api/pages', json(JSON_BODY_LIMIT)))).toBeNull()
  })

  it('answers 413 with a sentence for JSON over 1 MiB, on collections, plugin endpoints and GraphQL', async () => {
    for (const path of ['/api/pages', '/api/pages/1', '/api/publishing/publish', '/api/graphql']) {
      const res = refuseOversizedBody(
        request(path, json(JSON_BODY_LIMIT + 1), path === '/api/pages/1' ? 'PATCH' : 'POST'),
      )
      expect(res?.status).toBe(413)
      expect((await res!.json()).errors[0].message).toBe(
        'The request body is larger than 1 MiB, the most a request to the API may be. Send less in one request.',
      )
    }
  })

  it('lets media uploads up to the upload limit through, and no further', async () => {
    const multipart = (bytes: number) => ({
      'content-type': 'multipart/form-data; boundary=x',
      'content-length': String(bytes),
    })
    const limit = UPLOAD_FILE_LIMIT + MULTIPART_OVERHEAD
    expect(refuseOversizedBody(request('/api/media', multipart(limit)))).toBeNull()
    const res = refuseOversizedBody(request('/api/media', multipart(limit + 1)))
    expect(res?.status).toBe(413)
    expect((await res!.json()).errors[0].message).toMatch(
      /larger than 21 MiB, the most an upload may be/,
    )
    // Multipart elsewhere is held to the API's limit.
    expect(refuseOversizedBody(request('/api/pages', multipart(JSON_BODY_LIMIT + 1)))?.status).toBe(
      413,
    )
  })

  it('refuses a body without Content-Length (411) and a Content-Length that is no number (400)', () => {
    expect(
      refuseOversizedBody(
        request('/api/pages', {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
        }),
      )?.status,
    ).toBe(411)
    expect(
      refuseOversizedBody(
        request('/api/pages', { 'content-type': 'application/json', 'content-length': '1e9' }),
      )?.status,
    ).toBe(400)
  })

  it('leaves reads and pages outside the API alone', () => {
    expect(refuseOversizedBody(request('/api/pages', json(10 * JSON_BODY_LIMIT), 'GET'))).toBeNull()
    expect(refuseOversizedBody(request('/admin/login', json(10 * JSON_BODY_LIMIT)))).toBeNull()
  })
})
