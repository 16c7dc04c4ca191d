import fs from 'fs'
import path from 'path'

/** Loads `.env` from the working directory, if there is one; real environment variables win. */
export const loadDotEnv = (): void => {
  if (fs.existsSync('.env')) process.loadEnvFile('.env')
}

export const fail = (message: string): never => {
  process.stderr.write(`\n[syndicate] ${message}\n\n`)
  process.exit(1)
}

/**
 * Makes sure `DATABASE_URI` points at a PostgreSQL server. When it is unset (outside production)
 * an embedded PostgreSQL is started with its data under `.data/postgres`, and `DATABASE_URI` is
 * set for this process and its children. Returns a function that stops what was started.
 */
export const provideDatabase = async (): Promise<() => Promise<void>> => {
  if (process.env.DATABASE_URI) return async () => {}
  if (process.env.NODE_ENV === 'production') {
    fail(
      'DATABASE_URI is not set. In production Syndicate needs an external PostgreSQL, e.g. ' +
        'DATABASE_URI=postgres://user:password@db-host:5432/syndicate',
    )
  }
  const dataDir = path.resolve(process.env.SYNDICATE_DATA_DIR || '.data')
  process.stdout.write(
    `[syndicate] DATABASE_URI is unset: starting the embedded PostgreSQL in ${dataDir}/postgres\n`,
  )
  const { ensureDatabase, startEmbeddedPostgres } = await import('./embeddedPostgres')
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>
  try {
    server = await startEmbeddedPostgres(path.join(dataDir, 'postgres'))
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  await ensureDatabase(server.uri('postgres'), 'syndicate')
  process.env.DATABASE_URI = server.uri('syndicate')
  return server.stop
}
