import { getPayload } from 'payload'

import config from '@payload-config'
import { PUBLIC_PATH_HEADER } from '@plugins/adapter-sites/hosts'
import { PREVIEW_SEGMENT, previewSite } from '@plugins/adapter-sites/preview'
import { serveSite } from '@plugins/adapter-sites/serve'

type Params = { params: Promise<{ site: string; path?: string[] }> }

/**
 * A hosted site's current release, at `/sites/<site-slug>/…` and, through src/proxy.ts, at `/` of
 * the site's domain (plugins/adapter-sites/serve.ts); its drafts, for the people who work on it, at
 * `/sites/<site-slug>/_preview/…` (plugins/adapter-sites/preview.ts).
 */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  const { site, path = [] } = await params
  // At a site's own domain (the proxy's header) there is no preview: it belongs to the app's host.
  if (path[0] === PREVIEW_SEGMENT && !request.headers.has(PUBLIC_PATH_HEADER)) {
    return previewSite(await getPayload({ config }), request, site, path.slice(1))
  }
  return serveSite(request, site, path)
}

export async function HEAD(request: Request, context: Params): Promise<Response> {
  return GET(request, context)
}

export const dynamic = 'force-dynamic'
