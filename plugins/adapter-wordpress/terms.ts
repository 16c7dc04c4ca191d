import type { DeliveryTerm } from '@plugins/publishing/exports/server'

import { PublishingError } from '@plugins/publishing/exports/server'

import type { WordPressClient } from './client'

import { decodeEntities, escapeText } from './html'

export type Taxonomy = 'categories' | 'tags'

type RemoteTerm = { id: number; name: string; slug: string }

const NOUN: Record<Taxonomy, string> = { categories: 'category', tags: 'tag' }

const toRemoteTerms = (body: unknown): RemoteTerm[] =>
  (Array.isArray(body) ? body : []).flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return []
    const { id, name, slug } = item as Record<string, unknown>
    if (typeof id !== 'number' || typeof name !== 'string' || typeof slug !== 'string') return []
    // Names come back HTML-escaped (`News &amp; Views`), even in edit context.
    return [{ id, name: decodeEntities(name), slug }]
  })

const sameName = (a: string, b: string): boolean =>
  a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase()

/** The term WordPress gave in a `term_exists` refusal: `{ code: 'term_exists', data: { term_id } }`. */
const existingTermId = (body: unknown): number | null => {
  if (typeof body !== 'object' || body === null) return null
  const { code, data } = body as { code?: unknown; data?: unknown }
  if (code !== 'term_exists' || typeof data !== 'object' || data === null) return null
  const termId = (data as { term_id?: unknown }).term_id
  return typeof termId === 'number' ? termId : null
}

/** Looks a term up by name (WordPress searches names and slugs); `&` must be searched as stored. */
const findByName = async (
  client: WordPressClient,
  taxonomy: Taxonomy,
  term: DeliveryTerm,
): Promise<RemoteTerm | null> => {
  const { body } = await client.request('GET', `/wp/v2/${taxonomy}`, {
    what: `Looking up the WordPress ${NOUN[taxonomy]} "${term.name}"`,
    query: { search: escapeText(term.name), per_page: 100, _fields: 'id,name,slug' },
  })
  return toRemoteTerms(body).find((found) => sameName(found.name, term.name)) ?? null
}

const create = async (
  client: WordPressClient,
  taxonomy: Taxonomy,
  term: DeliveryTerm,
): Promise<number> => {
  const what = `Creating the WordPress ${NOUN[taxonomy]} "${term.name}"`
  const { status, body } = await client.request('POST', `/wp/v2/${taxonomy}`, {
    what,
    json: { name: term.name, ...(term.slug ? { slug: term.slug } : {}) },
    capability: taxonomy === 'categories' ? 'manage_categories' : 'edit_posts',
    allow: [400],
  })
  if (status !== 400) {
    const id = toRemoteTerms([body])[0]?.id
    if (id) return id
    throw new PublishingError(`${what} failed: WordPress answered without the term.`, {
      retryable: false,
      status,
    })
  }
  // Someone made it since we looked (or WordPress matched the name differently): use theirs.
  const existing = existingTermId(body)
  if (existing) return existing
  const message =
    typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : null
  throw new PublishingError(
    `${what} failed: HTTP 400${typeof message === 'string' ? `: ${message}` : ''}`,
    { retryable: false, status },
  )
}

/**
 * The WordPress ids of `terms`, reusing what exists and creating the rest: first every slug at
 * once, then each term left by its name, then a create (a `term_exists` answer names the term).
 * WordPress never gets a second term of the same name from us.
 */
export const resolveTerms = async (
  client: WordPressClient,
  taxonomy: Taxonomy,
  terms: DeliveryTerm[],
): Promise<number[]> => {
  if (terms.length === 0) return []
  const slugs = [...new Set(terms.map((term) => term.slug).filter(Boolean))]
  const bySlug = slugs.length
    ? toRemoteTerms(
        (
          await client.request('GET', `/wp/v2/${taxonomy}`, {
            what: `Looking up WordPress ${taxonomy}`,
            query: { slug: slugs, per_page: 100, _fields: 'id,name,slug' },
          })
        ).body,
      )
    : []
  const ids: number[] = []
  for (const term of terms) {
    const found =
      bySlug.find((remote) => remote.slug === term.slug) ??
      (await findByName(client, taxonomy, term))
    const id = found?.id ?? (await create(client, taxonomy, term))
    if (!ids.includes(id)) ids.push(id)
  }
  return ids
}
