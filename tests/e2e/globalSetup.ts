import type { Config } from '@jest/types'

import fs from 'fs'
import path from 'path'

import { missingPrerequisites } from './helpers/prerequisites'

/** Specs that serve static files only (no app): they need Chromium but not the app's build. */
const STATIC_SPECS = ['sites.e2e.spec.ts']

/**
 * True when the files this run selects (by jest's path patterns, regular expressions matched
 * against absolute paths) are all static specs, so the app's build is not needed.
 */
const onlyStaticSpecs = (patterns: string[]): boolean => {
  if (!patterns.length) return false
  const dir = path.resolve('tests/e2e')
  const specs = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.e2e.spec.ts'))
    .map((name) => path.join(dir, name))
  const selected = specs.filter((file) => patterns.some((p) => new RegExp(p, 'i').test(file)))
  return selected.every((file) => STATIC_SPECS.includes(path.basename(file)))
}

/** Fails loudly, before any test, when Chromium or (for the app's specs) the build is missing. */
export default async function globalSetup(globalConfig?: Config.GlobalConfig): Promise<void> {
  const patterns = globalConfig?.testPathPatterns?.patterns ?? []
  const missing = missingPrerequisites({ build: !onlyStaticSpecs(patterns) })
  if (!missing.length) return
  const banner = '\n' + '='.repeat(78) + '\n'
  throw new Error(
    `${banner}The browser tests cannot run${process.env.CI === 'true' ? ' (CI)' : ''}:\n- ${missing.join('\n- ')}${banner}`,
  )
}
