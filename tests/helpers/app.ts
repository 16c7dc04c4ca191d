import type { Payload, SanitizedConfig } from 'payload'

import { randomBytes } from 'crypto'
import { getPayload } from 'payload'

import { stopReadCache } from '@/plugins/readCache/runtime'

import { releasePool } from '../../scripts/lib/releasePool'
import { createWorld, type World } from './fixtures'
import { restClient, type RestClient } from './rest'
import { adminQuery, quoteIdent, testDatabaseEnv, withDatabase } from './testDatabase'

export type TestApp = {
  payload: Payload
  api: RestClient
  config: Promise<SanitizedConfig>
  /** Connection string of this file's own database. */
  databaseUri: string
  close: () => Promise<void>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Copies the migrated template into a new database; retries while another copy holds the template. */
const cloneTemplate = async (name: string): Promise<void> => {
  const { template } = testDatabaseEnv
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`)
      return
    } catch (error) {
      if (attempt >= 40 || !/being accessed by other users/.test(String(error))) throw error
      await sleep(250)
    }
  }
}

/**
 * The app for one test file: Payload with the project's config on a clean, migrated database of
 * its own, and a client for its REST and GraphQL handlers.
 */
export const startTestApp = async (): Promise<TestApp> => {
  const name = `${testDatabaseEnv.prefix}_${randomBytes(4).toString('hex')}`
  await cloneTemplate(name)
  const databaseUri = withDatabase(testDatabaseEnv.adminUri, name)
  process.env.DATABASE_URI = databaseUri
  const { default: config } = await import('@payload-config')
  const payload = await getPayload({ config })
  return {
    payload,
    api: restClient(config),
    config,
    databaseUri,
    close: async () => {
      await stopReadCache(payload)
      releasePool(payload)
    },
  }
}

/** The app for one test file with two sites and their people (see fixtures.ts). */
export const startWorld = async (): Promise<{ app: TestApp; world: World }> => {
  const app = await startTestApp()
  return { app, world: await createWorld(app.payload) }
}
