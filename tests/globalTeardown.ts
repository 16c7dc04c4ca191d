import { spawnSync } from 'child_process'
import fs from 'fs'

import { startedMarkerFile, testSkipsFile, wordPressScript } from './helpers/wordpress'

/**
 * Says loudly which suites were skipped, stops WordPress if this run started it (one that was
 * running before stays up), drops the run's databases and stops the embedded PostgreSQL, if one
 * was started.
 */
export default async function globalTeardown(): Promise<void> {
  try {
    reportSkips()
    stopWordPressIfStartedHere()
  } finally {
    await globalThis.__syndicateTestCleanup?.()
  }
}

const reportSkips = (): void => {
  const file = testSkipsFile()
  if (!fs.existsSync(file)) return
  const lines = [...new Set(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean))]
  fs.rmSync(file, { force: true })
  for (const line of lines) console.warn(`\n⚠ SKIPPED: ${line}\n`)
}

const stopWordPressIfStartedHere = (): void => {
  const marker = startedMarkerFile()
  if (!marker || !fs.existsSync(marker)) return
  const port = fs.readFileSync(marker, 'utf8').trim()
  fs.rmSync(marker, { force: true })
  const stop = spawnSync(wordPressScript(), ['stop'], {
    env: { ...process.env, WP_PORT: port },
    encoding: 'utf8',
    timeout: 120_000,
  })
  if (stop.status !== 0) {
    console.warn(
      `Stopping the WordPress test server (port ${port}) failed:\n${stop.stderr ?? ''}${stop.error ?? ''}`,
    )
  }
}
