/**
 * What the browser tests need besides npm packages: Debian's Chromium and a production build no
 * older than the app's sources. Plain JavaScript: `npm test` (scripts/test.mjs) reads it before any
 * TypeScript loader runs, and the suite's own global setup reads it too.
 */
import fs from 'node:fs'
import path from 'node:path'

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'

/** @returns {boolean} */
export const chromiumMissing = () => !fs.existsSync(CHROMIUM)

/**
 * Why the build in `.next` cannot be tested, or null when it is current: missing, or older than a
 * source file of the app (src, plugins, payload.config.ts; specs excepted).
 * @returns {string | null}
 */
export const buildProblem = () => {
  const buildId = path.resolve('.next/BUILD_ID')
  if (!fs.existsSync(buildId)) return 'there is no production build'
  const builtAt = fs.statSync(buildId).mtimeMs
  /** @param {string} dir @returns {string | null} */
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        const found = walk(full)
        if (found) return found
      } else if (
        /\.(tsx?|css|scss|js)$/.test(entry.name) &&
        !/\.spec\.ts$/.test(entry.name) &&
        fs.statSync(full).mtimeMs > builtAt
      ) {
        return path.relative(process.cwd(), full)
      }
    }
    return null
  }
  for (const root of ['src', 'plugins']) {
    const found = walk(path.resolve(root))
    if (found) return `the build is older than ${found}`
  }
  return fs.statSync(path.resolve('payload.config.ts')).mtimeMs > builtAt
    ? 'the build is older than payload.config.ts'
    : null
}
