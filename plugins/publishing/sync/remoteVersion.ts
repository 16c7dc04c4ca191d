import type { RemoteItem } from '../types'

import { remoteHash } from '../records'

/**
 * What a record keeps of the remote side while it is in conflict (`remoteVersion`): the public
 * fields `{ title, slug, html, excerpt, status, modifiedAt, url }`, plus what resolving it in
 * favour of the remote needs (terms, image, state) and the hash it had.
 */
export type RemoteVersion = Pick<
  RemoteItem,
  'title' | 'slug' | 'html' | 'excerpt' | 'status' | 'modifiedAt' | 'url'
> & {
  item: RemoteItem | null
  hash: string | null
}

export const toRemoteVersion = (item: RemoteItem): RemoteVersion => ({
  title: item.title,
  slug: item.slug,
  html: item.html,
  excerpt: item.excerpt,
  status: item.status,
  modifiedAt: item.modifiedAt,
  url: item.url,
  item,
  hash: remoteHash(item),
})

/** The remote side when the copy is gone for good. */
export const deletedVersion = (): RemoteVersion => ({
  title: '',
  slug: '',
  html: '',
  excerpt: null,
  status: 'draft',
  modifiedAt: new Date().toISOString(),
  url: null,
  item: null,
  hash: null,
})

const isObj = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The stored remote item of a conflict, if the record holds one. */
export const storedRemoteItem = (value: unknown): RemoteItem | null =>
  isObj(value) && isObj(value.item) && typeof value.item.remoteId === 'string'
    ? (value.item as unknown as RemoteItem)
    : null
