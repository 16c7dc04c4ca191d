import type pg from 'pg'

import path from 'path'

import { databaseUri, serverUrl } from '@/config/env'
import { domainLookup, DOMAINS_SQL, type DomainRow } from '@plugins/adapter-sites/hosts'

let pool: pg.Pool | null = null

/**
 * A small pool of its own (one connection, closed when idle): Next's proxy is bundled apart from
 * Payload and cannot reach Payload's pool. `pg` is loaded through Node's own loader, which the
 * bundler does not follow (as the site renderer loads React's static renderer).
 */
const poolFor = (uri: string): pg.Pool => {
  if (!pool) {
    const { createRequire } = process.getBuiltinModule('node:module')
    const load = createRequire(path.join(process.cwd(), 'package.json'))
    const { Pool } = load('pg') as typeof pg
    pool = new Pool({ connectionString: uri, max: 1, idleTimeoutMillis: 10_000 })
    pool.on('error', () => {})
  }
  return pool
}

const load = async (): Promise<DomainRow[]> => {
  const uri = databaseUri()
  if (!uri) return []
  return (await poolFor(uri).query<DomainRow>(DOMAINS_SQL)).rows
}

/** The slug of the hosted site served at this `Host`, or null for the app (see hosts.ts). */
export const siteForHost = domainLookup({ load, serverURL: serverUrl() })
