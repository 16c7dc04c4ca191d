import type { SanitizedConfig } from 'payload'

import { REST_DELETE, REST_PATCH, REST_POST } from '@payloadcms/next/routes'

import { cachedGraphqlPost, cachedRestGet } from '@/plugins/readCache/routes'

/** Who makes a request: nobody, a signed-in user (JWT), or a headless consumer's API key. */
export type Auth = { token: string } | { apiKey: string } | null

export type ApiResponse = { status: number; body: Record<string, unknown> & { [key: string]: any } }

type Options = { auth?: Auth; body?: unknown; form?: FormData }

// GET and GraphQL go through the read cache, as src/app/(payload)/api mounts them.
const handlers = { DELETE: REST_DELETE, GET: cachedRestGet, PATCH: REST_PATCH, POST: REST_POST }

/**
 * Calls the app's real REST and GraphQL route handlers (the ones src/app/(payload)/api mounts)
 * with real Request objects, without a Next.js server in between.
 */
export const restClient = (config: Promise<SanitizedConfig>) => {
  const headersFor = (auth: Auth | undefined, json: boolean): Headers => {
    const headers = new Headers()
    if (json) headers.set('Content-Type', 'application/json')
    if (auth && 'token' in auth) headers.set('Authorization', `JWT ${auth.token}`)
    if (auth && 'apiKey' in auth) headers.set('Authorization', `users API-Key ${auth.apiKey}`)
    return headers
  }

  const parse = async (response: Response): Promise<ApiResponse> => {
    const text = await response.text()
    return { status: response.status, body: text ? JSON.parse(text) : {} }
  }

  const request = async (
    method: keyof typeof handlers,
    path: string,
    { auth, body, form }: Options = {},
  ): Promise<ApiResponse> => {
    const url = new URL(`http://localhost/api${path}`)
    const init: RequestInit = { method, headers: headersFor(auth, body !== undefined) }
    if (body !== undefined) init.body = JSON.stringify(body)
    if (form) init.body = form
    const slug = url.pathname
      .replace(/^\/api\//, '')
      .split('/')
      .map(decodeURIComponent)
    const handler = handlers[method](config)
    return parse(await handler(new Request(url, init), { params: Promise.resolve({ slug }) }))
  }

  const graphql = async (
    query: string,
    { auth, variables }: { auth?: Auth; variables?: Record<string, unknown> } = {},
  ): Promise<ApiResponse> => {
    const init = {
      method: 'POST',
      headers: headersFor(auth, true),
      body: JSON.stringify({ query, variables }),
    }
    return parse(await cachedGraphqlPost(config)(new Request('http://localhost/api/graphql', init)))
  }

  return {
    get: (path: string, options?: Options) => request('GET', path, options),
    post: (path: string, options?: Options) => request('POST', path, options),
    patch: (path: string, options?: Options) => request('PATCH', path, options),
    delete: (path: string, options?: Options) => request('DELETE', path, options),
    graphql,
  }
}

export type RestClient = ReturnType<typeof restClient>
