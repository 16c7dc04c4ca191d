import fs from 'fs'
import os from 'os'
import path from 'path'

import { startEmbeddedPostgres } from '../scripts/lib/embeddedPostgres'
import { migrateChecked } from '../scripts/lib/migrationState'
import { adminQuery, quoteIdent, withDatabase } from './helpers/testDatabase'

declare global {
  var __syndicateTestCleanup: (() => Promise<void>) | undefined
}

/**
 * Starts what the integration tests need: PostgreSQL (DATABASE_URI's server, as on CI, or an
 * embedded cluster in a temporary folder) and a template database migrated once, from which each
 * test file clones a clean database of its own.
 */
export default async function globalSetup(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'syndicate-test-'))
  fs.chmodSync(scratch, 0o755)
  let stopServer = async () => {}
  let adminUri: string
  if (process.env.DATABASE_URI) {
    adminUri = withDatabase(process.env.DATABASE_URI, 'postgres')
  } else {
    const server = await startEmbeddedPostgres(path.join(scratch, 'postgres'))
    adminUri = server.uri('postgres')
    stopServer = server.stop
  }
  const prefix = `syndicate_test_${process.pid}`
  const template = `${prefix}_template`
  Object.assign(process.env, {
    SYNDICATE_TEST_ADMIN_URI: adminUri,
    SYNDICATE_TEST_TEMPLATE_DB: template,
    SYNDICATE_TEST_DB_PREFIX: prefix,
    SYNDICATE_DATA_DIR: scratch,
    MEDIA_DIR: path.join(scratch, 'media'),
    PAYLOAD_SECRET: 'test-secret-not-for-production',
    // Tests run deliveries themselves (runDeliveries) instead of a background runner, deliver
    // to receivers on loopback, and retry after milliseconds rather than minutes.
    JOBS_RUNNER: 'false',
    ALLOW_PRIVATE_DESTINATIONS: 'true',
    PUBLISHING_RETRY_DELAYS_MS: '50,50,50,50,50',
    CREDENTIALS_KEYS: `test:${Buffer.alloc(32, 7).toString('base64')}`,
  })

  await adminQuery(`create database ${quoteIdent(template)}`)
  await migrateChecked(withDatabase(adminUri, template), 'the test template database')

  globalThis.__syndicateTestCleanup = async () => {
    const { rows } = await adminQuery(
      'select datname from pg_database where starts_with(datname, $1)',
      [`${prefix}_`],
    )
    for (const { datname } of rows) {
      await adminQuery(`drop database if exists ${quoteIdent(datname)} with (force)`)
    }
    await stopServer()
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}
