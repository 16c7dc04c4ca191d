import { headers as nextHeaders } from 'next/headers'
import { getPayload } from 'payload'

import { renderPreview } from '@/preview/renderPreview'
import config from '@payload-config'

type Params = { collection: string; id: string }

/**
 * `/preview/<sites|pages|posts>/<id>`: the site as it will look, drafts included, for people who
 * may read the drafts (signed in to the admin). Anyone else gets a sign-in link and no content.
 */
export default async function PreviewPage({ params }: { params: Promise<Params> }) {
  const { collection, id } = await params
  const payload = await getPayload({ config })
  const { user } = await payload.auth({ headers: await nextHeaders() })
  return renderPreview({ payload, user, collection, id })
}

export const dynamic = 'force-dynamic'
