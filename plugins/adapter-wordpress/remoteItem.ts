/**
 * Pure mapping from a WordPress post or page (REST API v2, `context=edit`, with
 * `_embed=wp:term,wp:featuredmedia`) to the platform's `RemoteItem`, for two-way sync.
 */
import type {
  PublishableCollection,
  RemoteImage,
  RemoteItem,
} from '@plugins/publishing/exports/server'

import { decodeEntities } from './html'
import { fromWordPressPost, wordPressType } from './mapping'

/** The `_embed` value that brings a post's terms and featured image along in the same request. */
export const EMBED = 'wp:term,wp:featuredmedia'

type Obj = Record<string, unknown>
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** WordPress's states in the platform's two: `future` is live (scheduled), the rest are not. */
const statusOf = (status: string): RemoteItem['status'] =>
  status === 'publish' || status === 'future' ? 'publish' : 'draft'

/** Term names of one taxonomy from `_embedded['wp:term']` (one list per taxonomy). */
const termNames = (embedded: Obj, taxonomy: 'category' | 'post_tag'): string[] =>
  (Array.isArray(embedded['wp:term']) ? embedded['wp:term'] : [])
    .flatMap((list: unknown) => (Array.isArray(list) ? list : []))
    .filter(
      (term): term is Obj =>
        isObj(term) && term.taxonomy === taxonomy && typeof term.name === 'string',
    )
    .map((term) => decodeEntities(term.name as string))

/** Media we uploaded are named `syndicate-<our media id>-<hash>` (see media.ts). */
const OUR_MEDIA = /^syndicate-(\d+)-[0-9a-f]{8}(?:-\d+)?$/

const featuredImageOf = (embedded: Obj): RemoteImage | null => {
  const media = Array.isArray(embedded['wp:featuredmedia']) ? embedded['wp:featuredmedia'][0] : null
  if (!isObj(media)) return null
  const url = text(media.source_url)
  if (!url) return null
  const details = isObj(media.media_details) ? media.media_details : {}
  const file = text(details.file)
  const ours = OUR_MEDIA.exec(text(media.slug) ?? '')
  return {
    url,
    alt: text(media.alt_text) ?? '',
    filename: file
      ? (file.split('/').pop() ?? null)
      : (new URL(url).pathname.split('/').pop() ?? null),
    sourceId: ours ? Number(ours[1]) : null,
  }
}

/** A WordPress post or page as a `RemoteItem`; null when `raw` is not one. */
export const toRemoteItem = (
  raw: unknown,
  collection: PublishableCollection,
): RemoteItem | null => {
  const post = fromWordPressPost(raw)
  if (!post || !isObj(raw)) return null
  const embedded = isObj(raw._embedded) ? raw._embedded : {}
  const trashed = post.status === 'trash'
  // Drafts answer `slug: ""` with the slug they will get in `generated_slug`; trashing appends `__trashed`.
  const slug = (post.slug || text(raw.generated_slug) || '').replace(/__trashed$/, '')
  return {
    remoteId: String(post.id),
    collection,
    title: post.title,
    slug,
    html: post.html,
    excerpt: post.excerpt || null,
    status: statusOf(post.status),
    // A `future` post goes live at its date: sync keeps it scheduled, not published (README).
    ...(post.status === 'future' && post.publishedAt ? { scheduledFor: post.publishedAt } : {}),
    modifiedAt: post.modifiedAt ?? new Date(0).toISOString(),
    url: post.link,
    categories: termNames(embedded, 'category'),
    tags: termNames(embedded, 'post_tag'),
    featuredImage: featuredImageOf(embedded),
    removed: trashed ? 'trashed' : null,
    source: post.source,
    ...(wordPressType(collection).kind === 'page'
      ? { parentRemoteId: post.parent ? String(post.parent) : null }
      : {}),
  }
}
