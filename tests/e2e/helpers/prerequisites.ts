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
  const buildId = path.resolve('.next/BUILD_ID')
  if (!fs.existsSync(buildId)) {
    missing.push('There is no production build: run `npm run build` first (the suite runs the built app with `next start`).')
  } else {
    const newer = newestSource(fs.statSync(buildId).mtimeMs)
    if (newer) missing.push(`The build is older than ${newer}: run \`npm run build\` again, or the tests would check old code.`)
  }
  return missing
}

/** A source file changed after the build, if any (the app's code: src, plugins, the config). */
const newestSource = (builtAt: number): string | null => {
  const walk = (dir: string): string | null => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) {
        const found = walk(full)
        if (found) return found
      } else if (/\.(tsx?|css|scss|js)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) && fs.statSync(full).mtimeMs > builtAt) {
        return path.relative(process.cwd(), full)
      }
    }
    return null
  }
  for (const root of ['src', 'plugins']) {
    const found = walk(path.resolve(root))
    if (found) return found
  }
  return fs.statSync(path.resolve('payload.config.ts')).mtimeMs > builtAt ? 'payload.config.ts' : null
}
