import { missingPrerequisites } from './helpers/prerequisites'

/** Fails loudly, before any test, when Chromium or the build is missing. */
export default async function globalSetup(): Promise<void> {
  const missing = missingPrerequisites()
  if (!missing.length) return
  const banner = '\n' + '='.repeat(78) + '\n'
  throw new Error(
    `${banner}The browser tests cannot run${process.env.CI === 'true' ? ' (CI)' : ''}:\n- ${missing.join('\n- ')}${banner}`,
  )
}
