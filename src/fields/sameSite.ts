import type { FilterOptions, Where } from 'payload'

import { relationId } from '@/access/roles'

/**
 * Limits a relationship to documents of the same site as the document being edited. Payload
 * applies it in the admin's pickers and re-checks it on the server when saving.
 */
export const sameSite =
  ({ excludeSelf = false }: { excludeSelf?: boolean } = {}): FilterOptions =>
  ({ data, id }) => {
    const site = relationId((data as { site?: unknown } | undefined)?.site)
    if (site === null) return true
    const and: Where[] = [{ site: { equals: site } }]
    if (excludeSelf && id !== undefined) and.push({ id: { not_equals: id } })
    return { and }
  }
