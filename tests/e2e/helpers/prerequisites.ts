import fs from 'fs'
import path from 'path'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/**
 * The browser suite needs Debian's Chromium and a production build. Missing either, it fails at
 * once with what to run (in CI and outside it): it never passes without having run.
 */
export const missingPrerequisites = (): string[] => {
  const missing: string[] = []
  if (!fs.existsSync(CHROMIUM)) {
    missing.push(`Chromium is not at ${CHROMIUM}: install it with \`apt-get install -y --no-install-recommends chromium\` (as root), or set CHROMIUM_PATH.`)
  }
  if (!fs.existsSync(path.resolve('.next/BUILD_ID'))) {
    missing.push('There is no production build: run `npm run build` first (the suite runs the built app with `next start`).')
  }
  return missing
}
