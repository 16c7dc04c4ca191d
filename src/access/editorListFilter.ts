import type { BaseFilter } from 'payload'

import { assignedSiteIds, isAdmin, isSessionUser } from './roles'

/**
 * Admin list views show editors only their own sites' documents, even where they may read more
 * (published content of other sites is public).
 */
export const editorListFilter =
  (field: 'id' | 'site'): BaseFilter =>
  ({ req: { user } }) =>
    isSessionUser(user) && !isAdmin(user) ? { [field]: { in: assignedSiteIds(user) } } : null
