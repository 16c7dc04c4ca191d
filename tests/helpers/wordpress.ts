import { spawnSync } from 'child_process'
import fs from 'fs'
import path from 'path'

/**
 * A real WordPress for the tests, started by scripts/wordpress-test-server.sh (Debian's packages on
 * PHP's built-in server; see the script's header). One site serves the whole run: every test file
 * that uses it shares it, so tests create what they need and look only at their own posts.
 */
export type WordPressEnv = {
  /** Site URL, e.g. `http://127.0.0.1:8089`; `?rest_route=/wp/v2/...` works on it. */
  url: string
  /** `${url}/wp-json`. */
  restUrl: string
  /** An administrator and its Application Password (Basic auth `user:appPassword`). */
  user: string
  appPassword: string
  /** A contributor: may write drafts, may not publish. */
  contributorUser: string
  contributorAppPassword: string
}

/** The harness script (tests/globalTeardown.ts runs its `stop`). */
export const wordPressScript = (): string => path.resolve('scripts/wordpress-test-server.sh')

/** Where skipped WordPress suites are recorded; tests/globalTeardown.ts prints and deletes it. */
export const testSkipsFile = (): string => path.resolve('.data/test-skips.txt')

/**
 * Written (with the port) by the script when it launched the web server during this run, so that
 * tests/globalTeardown.ts stops WordPress only when this run started it. SYNDICATE_DATA_DIR is the
 * run's scratch folder, made by tests/globalSetup.ts.
 */
export const startedMarkerFile = (): string | undefined =>
  process.env.SYNDICATE_TEST_DB_PREFIX && process.env.SYNDICATE_DATA_DIR
    ? path.join(process.env.SYNDICATE_DATA_DIR, 'wordpress-started')
    : undefined

/** Installing the packages on a fresh machine takes one or two minutes; a warm start 0.1 s. */
const WORDPRESS_START_TIMEOUT_MS = 10 * 60_000

type Outcome =
  | { kind: 'ready'; env: WordPressEnv }
  | { kind: 'unavailable'; reason: string }
  | { kind: 'failed'; message: string }

type Run = { status: number | null; stdout: string; stderr: string; error?: Error }

const tail = (text: string, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n')

/** Reads the script's answer: exit 0 with KEY=VALUE lines, 3 with an UNAVAILABLE sentence, else a failure. */
const outcomeOf = ({ status, stdout, stderr, error }: Run): Outcome => {
  const script = wordPressScript()
  if (error)
    return {
      kind: 'failed',
      message: `Running ${script} start failed: ${error.message}\n${tail(stderr)}`,
    }
  if (status === 3) {
    const said =
      [...stderr.matchAll(/UNAVAILABLE: (.*)/g)].pop()?.[1] ??
      (tail(stderr, 1) || 'no reason given')
    if (process.env.CI === 'true') {
      return {
        kind: 'failed',
        message: `CI must run the WordPress tests, but WordPress cannot run here: ${said}`,
      }
    }
    return { kind: 'unavailable', reason: said }
  }
  if (status !== 0) {
    return {
      kind: 'failed',
      message: `${script} start exited with status ${status}:\n${tail(stderr)}`,
    }
  }
  const values = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const match = /^(WP_[A-Z_]+)=(.*)$/.exec(line.trim())
    if (match) values.set(match[1], match[2])
  }
  const keys = [
    'WP_URL',
    'WP_REST_URL',
    'WP_USER',
    'WP_APP_PASSWORD',
    'WP_CONTRIBUTOR_USER',
    'WP_CONTRIBUTOR_APP_PASSWORD',
  ]
  const missing = keys.filter((key) => !values.get(key))
  if (missing.length > 0) {
    return {
      kind: 'failed',
      message: `${script} start printed no ${missing.join(', ')}:\n${stdout}\n${tail(stderr)}`,
    }
  }
  const value = (key: string) => values.get(key) as string
  return {
    kind: 'ready',
    env: {
      url: value('WP_URL'),
      restUrl: value('WP_REST_URL'),
      user: value('WP_USER'),
      appPassword: value('WP_APP_PASSWORD'),
      contributorUser: value('WP_CONTRIBUTOR_USER'),
      contributorAppPassword: value('WP_CONTRIBUTOR_APP_PASSWORD'),
    },
  }
}

const scriptEnv = (): NodeJS.ProcessEnv => {
  const marker = startedMarkerFile()
  return marker ? { ...process.env, WP_STARTED_FILE: marker } : { ...process.env }
}

// One start per test process: the first call runs the script, later ones share its answer.
let settled: Outcome | undefined

const startSync = (): Outcome => {
  if (!settled) {
    const run = spawnSync(wordPressScript(), ['start'], {
      env: scriptEnv(),
      encoding: 'utf8',
      timeout: WORDPRESS_START_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    settled = outcomeOf({
      status: run.status,
      stdout: run.stdout ?? '',
      stderr: run.stderr ?? '',
      error: run.error,
    })
  }
  return settled
}

const recordSkip = (line: string): void => {
  try {
    fs.mkdirSync(path.dirname(testSkipsFile()), { recursive: true })
    fs.appendFileSync(testSkipsFile(), `${line.replace(/\s+/g, ' ')}\n`)
  } catch (error) {
    console.warn(`Could not record the skip in ${testSkipsFile()}: ${String(error)}`)
  }
}

/**
 * A describe block for tests against the real WordPress; `wp()` gives its URLs and credentials
 * inside tests and hooks. Jest cannot skip from beforeAll, so WordPress is started (synchronously:
 * instant when it runs already) while the file registers its tests. When WordPress cannot run on
 * this machine and CI is not 'true', the block holds one passing test named
 * `WordPress suite skipped: <reason>`, which warns and records the skip for the run's summary. On
 * CI, or when the harness fails for another reason, beforeAll throws and the suite fails.
 */
export function describeWithWordPress(name: string, body: (wp: () => WordPressEnv) => void): void {
  const outcome = startSync()
  if (outcome.kind === 'unavailable') {
    describe(name, () => {
      test(`WordPress suite skipped: ${outcome.reason}`, () => {
        console.warn(`\n⚠ SKIPPED: WordPress suite "${name}": ${outcome.reason}\n`)
        recordSkip(`WordPress suite "${name}": ${outcome.reason}`)
      })
    })
    return
  }
  let env: WordPressEnv | undefined
  describe(name, () => {
    beforeAll(() => {
      if (outcome.kind === 'failed') throw new Error(outcome.message)
      env = outcome.env
    })
    body(() => {
      if (!env)
        throw new Error(
          'WordPress is not ready: call wp() inside tests and hooks, not while registering them',
        )
      return env
    })
  })
}
