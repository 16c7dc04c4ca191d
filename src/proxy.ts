import { NextResponse, type NextRequest } from 'next/server'

import { refuseOversizedBody } from './plugins/inputGuard/bodyLimit'

/**
 * Next's proxy (formerly middleware), for the API only: a body larger than the API reads is
 * refused (413) before Payload buffers it. Uploads have their own, larger limit (see limits.ts).
 */
export const proxy = (request: NextRequest): Response =>
  refuseOversizedBody(request) ?? NextResponse.next()

export const config = { matcher: '/api/:path*' }
