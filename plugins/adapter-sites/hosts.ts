/**
 * Which requests are a hosted site's, by their `Host`: a site whose `domain` is that host and that
 * has an active hosted-site integration is served at `/` of that host (src/proxy.ts rewrites the
 * request to `/sites/<slug>/…`). Every other host (localhost, an address, the app's own
 * `serverURL`, a name no site claims) keeps the app: the admin and the API.
 *
 * The domains are read in one query and kept for a few seconds, so a changed domain takes effect
 * quickly and requests do not each hit the database. A failed read serves no site (fails closed to
 * the app) and is retried on the next request after a short pause.
 */

/** The header src/proxy.ts passes the visitor's own path in (it overrides any a client sends). */
export const PUBLIC_PATH_HEADER = 'x-syndicate-site-path'

/** A `Host` header → its lower-case name without port or trailing dot; null when it is not one. */
export const hostName = (header: string | null | undefined): string | null => {
  if (!header) return null
  const host = header.trim().toLowerCase()
  // IPv6 literals ([::1]:3000) are never a site's domain.
  if (host.startsWith('[')) return null
  const name = host.replace(/:\d*$/, '').replace(/\.$/, '')
  return /^[a-z0-9.-]{1,253}$/.test(name) ? name : null
}

/** Hosts that are always the app's, whatever a site's domain says. */
export const appHosts = (serverURL: string | undefined): Set<string> => {
  const hosts = new Set(['localhost', '127.0.0.1', '0.0.0.0'])
  try {
    if (serverURL) hosts.add(new URL(serverURL).hostname.toLowerCase().replace(/\.$/, ''))
  } catch {
    // not a URL: nothing to add
  }
  return hosts
}

export type DomainRow = { domain: string | null; slug: string | null }

type LookupOptions = {
  /** Reads every (domain, slug) of sites with an active hosted-site integration. */
  load: () => Promise<DomainRow[]>
  /** How long a read is used (ms). @default 5000 */
  ttlMs?: number
  /** How long after a failed read the next is tried (ms). @default 1000 */
  retryMs?: number
  /** The app's own address (its host is never a site's). */
  serverURL?: string
  now?: () => number
}

/**
 * `lookup(hostHeader)` → the slug of the site served at that host, or null for the app. One read
 * at a time; requests during a read wait for it.
 */
export const domainLookup = ({
  load,
  ttlMs = 5000,
  retryMs = 1000,
  serverURL,
  now = Date.now,
}: LookupOptions) => {
  const own = appHosts(serverURL)
  let map = new Map<string, string>()
  let until = 0
  let reading: Promise<void> | null = null

  const refresh = (): Promise<void> =>
    (reading ??= (async () => {
      try {
        const rows = await load()
        const next = new Map<string, string>()
        for (const { domain, slug } of rows) {
          const name = hostName(domain)
          if (name && slug && !own.has(name) && !next.has(name)) next.set(name, slug)
        }
        map = next
        until = now() + ttlMs
      } catch {
        map = new Map()
        until = now() + retryMs
      } finally {
        reading = null
      }
    })())

  // The last Host header found to be the app's: nearly every request to the app carries the same.
  let appHeader: string | null = null

  return async (header: string | null | undefined): Promise<string | null> => {
    if (header && header === appHeader) return null
    const host = hostName(header)
    if (!host || own.has(host) || /^\d+(\.\d+){3}$/.test(host)) {
      if (header) appHeader = header
      return null
    }
    if (now() >= until) await refresh()
    return map.get(host) ?? null
  }
}

/** The query behind the app's lookup: sites with a domain and an active hosted-site integration. */
export const DOMAINS_SQL = `SELECT DISTINCT s.domain, s.slug FROM sites s
  JOIN integrations i ON i.site_id = s.id
  WHERE i.platform = 'sites' AND i.is_active AND s.domain IS NOT NULL AND s.slug IS NOT NULL
  ORDER BY s.slug`
