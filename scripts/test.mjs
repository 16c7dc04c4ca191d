/**
 * `npm test`: the whole suite. First the unit and integration tests (jest, real PostgreSQL, a real
 * WordPress), then the browser tests of the admin (Debian's Chromium against the built app).
 *
 * For the browser tests it builds the app when the build is missing or older than the sources,
 * and installs Chromium from Debian's packages when it is missing and this runs as root (as CI
 * does). Not root and no Chromium: outside CI it says so loudly and stops after the rest; in CI
 * that is a failure. `npm test -- <jest arguments>` runs only the matching jest tests.
 */
import { spawnSync } from 'node:child_process'

import { buildProblem, CHROMIUM, chromiumMissing } from './lib/browserPrerequisites.mjs'

const ci = process.env.CI === 'true'
const env = { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-deprecation' }
const say = (message) => process.stdout.write(`\n[test] ${message}\n`)
const run = (command, args, options = {}) =>
  spawnSync(command, args, { stdio: 'inherit', env, ...options }).status ?? 1

const jest = (args) => run(process.execPath, ['node_modules/jest/bin/jest.js', ...args])

const args = process.argv.slice(2)
if (args.length) process.exit(jest(args))

let code = jest([])
if (code !== 0) process.exit(code)

if (chromiumMissing()) {
  if (process.getuid?.() === 0) {
    say(`Chromium is not at ${CHROMIUM}: installing Debian's chromium package (about a minute).`)
    const quiet = { env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } }
    if (
      run('apt-get', ['update', '-qq'], quiet) !== 0 ||
      run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], quiet) !== 0
    ) {
      say('Installing Chromium failed (see above).')
      process.exit(1)
    }
  } else {
    const banner = '='.repeat(78)
    say(
      `${banner}\nBROWSER TESTS NOT RUN: Chromium is not at ${CHROMIUM} and this is not root.\nInstall it (apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH, then run npm run test:browser.\n${banner}`,
    )
    process.exit(ci ? 1 : 0)
  }
}

const problem = buildProblem()
if (problem) {
  say(`${problem}: building the app for the browser tests (npm run build).`)
  code = run('npm', ['run', 'build'], { env: process.env })
  if (code !== 0) process.exit(code)
}
process.exit(jest(['--config', 'jest.e2e.config.mjs']))
