import type { UnpublishInput } from '@plugins/publishing/exports/server'

import type { WordPressContext } from './client'

import { wordPressClient } from './client'
import { wordPressType } from './mapping'

/** Answers that mean the copy is gone already: removing it again is done, not failed. */
const GONE: readonly number[] = [404, 410]

const statusOf = (body: unknown): string | null => {
  if (typeof body !== 'object' || body === null) return null
  const { status } = body as { status?: unknown }
  return typeof status === 'string' ? status : null
}

/**
 * `unpublish` turns the WordPress copy into a draft; `delete` moves it to the trash (WordPress
 * keeps it there for 30 days). A copy that is gone or trashed already is left as it is: turning a
 * trashed post into a draft would bring it back.
 */
export const unpublish = async (
  context: WordPressContext,
  { document, remote, action }: UnpublishInput,
): Promise<void> => {
  const client = wordPressClient(context)
  const type = wordPressType(document.collection)
  const route = `/wp/v2/${type.route}/${remote.id}`
  const noun = `WordPress ${type.noun} ${remote.id}`
  if (action === 'delete') {
    await client.request('DELETE', route, {
      what: `Trashing ${noun}`,
      capability: `delete_${type.route}`,
      allow: GONE,
    })
    return
  }
  const current = await client.request('GET', route, {
    what: `Reading ${noun}`,
    query: { context: 'edit', _fields: 'id,status' },
    capability: `edit_${type.route}`,
    allow: GONE,
  })
  if (current.status !== 200) return
  const status = statusOf(current.body)
  if (status === 'trash' || status === 'draft') return
  await client.request('POST', route, {
    what: `Unpublishing ${noun}`,
    json: { status: 'draft' },
    capability: `edit_${type.route}`,
    allow: GONE,
  })
}
