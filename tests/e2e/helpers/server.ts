import { spawn, type ChildProcess } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'

import { freePort } from '../../../scripts/lib/freePort'
import { migrateChecked } from '../../../scripts/lib/migrationState'
import { queryOn, quoteIdent, withDatabase } from '../../../scripts/lib/postgres'

export type RunningApp = {
  url: string
  databaseUri: string
  stop: () => Promise<void>
  logs: () => string
}

const waitForHttp = async (
  url: string,
  child: ChildProcess,
  logs: () => string,
  timeoutMs = 90_000,
) => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`next start exited with ${child.exitCode}:\n${logs()}`)
    try {
      const response = await fetch(url)
      if (response.status < 500) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`The app did not answer ${url} within ${timeoutMs} ms:\n${logs()}`)
}

/**
 * The built app (`next start`) on a free port, on a fresh migrated database of its own: on the
 * server in DATABASE_URI (CI) or an embedded PostgreSQL in a temporary folder. The in-process
 * delivery runner is on, with short retry delays.
 */
export const startApp = async (): Promise<RunningApp> => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'syndicate-e2e-'))
  fs.chmodSync(scratch, 0o755)
  let stopDatabase = async () => {}
  let adminUri: string
  if (process.env.DATABASE_URI) {
    adminUri = withDatabase(process.env.DATABASE_URI, 'postgres')
  } else {
    const { startEmbeddedPostgres } = await import('../../../scripts/lib/embeddedPostgres')
    const server = await startEmbeddedPostgres(path.join(scratch, 'postgres'))
    adminUri = server.uri('postgres')
    stopDatabase = server.stop
  }
  const name = `syndicate_e2e_${process.pid}_${Date.now().toString(36)}`
  const databaseUri = withDatabase(adminUri, name)
  let child: ChildProcess | null = null
  const stop = async () => {
    if (child && child.exitCode === null) {
      const running = child
      running.kill('SIGTERM')
      await new Promise((resolve) => {
        const timer = setTimeout(() => {
          running.kill('SIGKILL')
          resolve(null)
        }, 5000)
        running.once('exit', () => {
          clearTimeout(timer)
          resolve(null)
        })
      })
    }
    await queryOn(adminUri, `drop database if exists ${quoteIdent(name)} with (force)`).catch(
      () => undefined,
    )
    await stopDatabase()
    fs.rmSync(scratch, { recursive: true, force: true })
  }
  try {
    await queryOn(adminUri, `create database ${quoteIdent(name)}`)
    await migrateChecked(databaseUri, 'the browser test database')

    const port = await freePort()
    const output: string[] = []
    child = spawn(
      path.resolve('node_modules/.bin/next'),
      ['start', '--port', String(port), '--hostname', '127.0.0.1'],
      {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          NODE_OPTIONS: '',
          DATABASE_URI: databaseUri,
          PAYLOAD_SECRET: 'e2e-secret-not-for-production',
          CREDENTIALS_KEYS: `e2e:${Buffer.alloc(32, 9).toString('base64')}`,
          ALLOW_PRIVATE_DESTINATIONS: 'true',
          JOBS_RUNNER: 'true',
          PUBLISHING_RETRY_DELAYS_MS: '400,400,400',
          SERVER_URL: `http://127.0.0.1:${port}`,
          MEDIA_DIR: path.join(scratch, 'media'),
          SYNDICATE_DATA_DIR: scratch,
          NEXT_TELEMETRY_DISABLED: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()))
    const logs = () => output.join('').slice(-8000)
    const url = `http://127.0.0.1:${port}`
    await waitForHttp(`${url}/api/users/me`, child, logs)
    return { url, databaseUri, logs, stop }
  } catch (error) {
    // Nothing is left behind when the app cannot start: the suite's afterAll never sees it.
    await stop()
    throw error
  }
}
