import type { Access, PayloadRequest, Where } from 'payload'

import type { ResolvedPublishingOptions } from './options'

type Rules = ResolvedPublishingOptions['access']

/** Admins, and editors for the documents of their sites (`field` holds the site). */
export const siteMembers =
  (rules: Rules, field = 'site'): Access =>
  ({ req: { user } }) => {
    if (!user) return false
    if (rules.isAdmin(user)) return true
    const sites = rules.sitesOf(user)
    if (sites === 'all') return true
    return sites.length ? ({ [field]: { in: sites } } as Where) : false
  }

export const adminsOnly =
  (rules: Rules): Access =>
  ({ req: { user } }) =>
    Boolean(user && rules.isAdmin(user))

/** May this user act on things of `site`? (admins always; editors for their sites) */
export const canWorkOnSite = (rules: Rules, user: PayloadRequest['user'], site: number): boolean => {
  if (!user) return false
  if (rules.isAdmin(user)) return true
  const sites = rules.sitesOf(user)
  return sites === 'all' || sites.includes(site)
}
