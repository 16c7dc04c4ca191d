import { NextResponse, type NextRequest } from 'next/server'

import { PUBLIC_PATH_HEADER } from '@plugins/adapter-sites/hosts'

import { refuseOversizedBody } from './plugins/inputGuard/bodyLimit'
import { anonymousGraphqlHit, anonymousHit, anonymousRead } from './plugins/readCache/proxyHits'
import { siteForHost } from './sites/siteHosts'

/**
 * Next's proxy (formerly middleware).
 *
 * - A request whose `Host` is a hosted site's domain is that site's, whatever its path: it is
 *   rewritten to `/sites/<slug>/<path>` (plugins/adapter-sites/serve.ts), with the visitor's own
 *   path in a header so that a page's `<base>` names the folder the visitor sees. Every other host
 *   (localhost, an address, the app's own, any name no site claims) keeps the admin and the API.
 * - The API: a body larger than the API reads is refused (413) before Payload buffers it. Uploads
 *   have their own, larger limit (see limits.ts). An anonymous REST read or GraphQL query the read
 *   cache holds a fresh answer for is answered here, without Next's routing or Payload; with the
 *   cache off, an anonymous read is handed here to the route's own handler.
 */
export const proxy = async (request: NextRequest): Promise<Response> => {
  const site = await siteForHost(request.headers.get('host'))
  if (site) {
    const { pathname, search } = request.nextUrl
    const headers = new Headers(request.headers)
    headers.set(PUBLIC_PATH_HEADER, pathname)
    const target = new URL(
      `/sites/${site}${pathname === '/' ? '/' : pathname}${search}`,
      request.url,
    )
    return NextResponse.rewrite(target, { request: { headers } })
  }
  if (request.nextUrl.pathname.startsWith('/api/')) {
    const refused = refuseOversizedBody(request)
    if (refused) return refused
    // A published answer the read cache holds for anonymous readers (see readCache/proxyHits.ts).
    const { pathname } = request.nextUrl
    const hit =
      pathname === '/api/graphql' ? await anonymousGraphqlHit(request) : anonymousHit(request)
    if (hit) return hit
    // With the cache off, an anonymous read goes straight to the route's handler (see proxyHits.ts).
    const read = await anonymousRead(request, pathname)
    if (read) return read
  }
  if (!request.headers.has(PUBLIC_PATH_HEADER)) return NextResponse.next()
  // Only this proxy says which path a visitor sees.
  const headers = new Headers(request.headers)
  headers.delete(PUBLIC_PATH_HEADER)
  return NextResponse.next({ request: { headers } })
}

export const config = {
  // Everything but Next's own build files, which no site uses.
  matcher: '/((?!_next/static|_next/image).*)',
}
