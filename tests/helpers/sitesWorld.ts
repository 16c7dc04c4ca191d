/**
 * The set-up the hosted-site suites share: the test app and its world, with the sites' release
 * store writing to a temporary folder of the suite's own (`SITES_OUTPUT_DIR`).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

import type { World } from './fixtures'

import { ReleaseStore } from '../../plugins/adapter-sites/releases'
import { startWorld, type TestApp } from './app'

export type SitesWorld = {
  app: TestApp
  world: World
  /** The suite's `SITES_OUTPUT_DIR`. */
  outputDir: string
  /**
   * Closes the app, waits for the release store's background work (the staging folder prepared
   * after each write) and removes the output folder.
   */
  stop: () => Promise<void>
}

export const startSitesWorld = async (prefix: string): Promise<SitesWorld> => {
  const outputDir = await mkdtemp(path.join(os.tmpdir(), prefix))
  process.env.SITES_OUTPUT_DIR = outputDir
  let app: TestApp | undefined
  const stop = async () => {
    await app?.close()
    await ReleaseStore.settled()
    await rm(outputDir, { recursive: true, force: true })
  }
  try {
    const started = await startWorld()
    app = started.app
    return { ...started, outputDir, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
