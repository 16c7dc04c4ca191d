import { serveSite } from '@plugins/adapter-sites/serve'

type Params = { params: Promise<{ site: string; path?: string[] }> }

/** A hosted site's current release, at `/sites/<site-slug>/…` (plugins/adapter-sites/serve.ts). */
export async function GET(request: Request, { params }: Params): Promise<Response> {
  const { site, path = [] } = await params
  return serveSite(request, site, path)
}

export async function HEAD(request: Request, context: Params): Promise<Response> {
  return GET(request, context)
}

export const dynamic = 'force-dynamic'
