/**
 * `npm run dev` as a newcomer runs it, many times in a row: each time on a fresh embedded
 * database (no DATABASE_URI, a new data folder), it must come up, answer real API calls (a read
 * and the first-user sign-up, which writes), and stop on Ctrl+C calmly with exit 0. A single start
 * that ends or stalls fails the test. Next's dev cache (.next/dev) is kept between runs, as it is
 * for a person restarting the server; the database never is.
 *
 * Before that, one start opens the dev admin in Chromium at 127.0.0.1, localhost and the machine's
 * own address, and checks that the admin really ran in the browser (not a white page).
 */
import os from 'os'

import { openBrowser, shot } from '../e2e/helpers/browser'
import {
  ALARMING,
  appPort,
  exitOf,
  freshDataDir,
  median,
  npmRun,
  removeDataDir,
  signalGroup,
  untilReady,
  type Started,
} from './helpers'

const RUNS = Number(process.env.STARTS_DEV_RUNS || 20)
const START_TIMEOUT_MS = 300_000

/** The environment of a person's shell: none of the test suite's settings. */
const shellEnv = (dataDir: string, port: number): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_OPTIONS: '',
    PORT: String(port),
    SYNDICATE_DATA_DIR: dataDir,
    MEDIA_DIR: `${dataDir}/media`,
  }
  for (const name of [
    'DATABASE_URI',
    'PAYLOAD_SECRET',
    'JOBS_RUNNER',
    'SERVER_URL',
    'CREDENTIALS_KEYS',
    'NODE_ENV',
  ])
    delete env[name]
  return env
}

const json = async (response: Response): Promise<Record<string, unknown> | null> =>
  response.ok && (response.headers.get('content-type') ?? '').includes('json')
    ? ((await response.json()) as Record<string, unknown>)
    : null

/** This machine's own non-loopback IPv4 address, if it has one. */
const ownAddress = (): string | undefined =>
  Object.values(os.networkInterfaces())
    .flat()
    .find((nic) => nic && nic.family === 'IPv4' && !nic.internal)?.address

/** Opens /admin at `host` and waits until the admin has run in the page (Next's client is up). */
const seeAdmin = async (
  browser: Awaited<ReturnType<typeof openBrowser>>,
  host: string,
  port: number,
) => {
  const page = await browser.newPage()
  const blocked: string[] = []
  page.on('response', (response) => {
    if (response.url().includes('/_next/') && response.status() >= 400)
      blocked.push(`${response.status()} ${response.url()}`)
  })
  try {
    await page.goto(`http://${host}:${port}/admin`, {
      timeout: START_TIMEOUT_MS,
      waitUntil: 'domcontentloaded',
    })
    // No user yet: Payload's sign-in page (it links to the first-user form) or that form itself.
    await page.waitForURL(/\/admin\/(login|create-first-user)/, { timeout: START_TIMEOUT_MS })
    await page.locator('#field-email').waitFor({ state: 'visible', timeout: START_TIMEOUT_MS })
    // Server-rendered markup shows even when the browser may not load Next's dev chunks; only the
    // client runtime sets window.next, and the form's inputs take typing only once hydrated.
    await page.waitForFunction(
      () => typeof (window as { next?: unknown }).next === 'object',
      undefined,
      { timeout: START_TIMEOUT_MS },
    )
    await page.locator('#field-email').fill('someone@example.com')
    expect(await page.locator('#field-email').inputValue()).toBe('someone@example.com')
    expect(blocked).toEqual([])
  } catch (error) {
    await shot(page, `dev-admin-${host}`).catch(() => undefined)
    throw new Error(
      `the dev admin at ${host}: ${String(error)}; dev resources refused: ${blocked.join(', ') || 'none'}`,
    )
  } finally {
    await page.close()
  }
}

const startTimes: number[] = []
const stopTimes: number[] = []
let cameUp = 0

afterAll(() => {
  process.stdout.write(
    `\n[starts] npm run dev: ${cameUp} of ${RUNS} starts came up; time to first answer median ${(median(startTimes) / 1000).toFixed(1)} s ` +
      `(first ${((startTimes[0] ?? 0) / 1000).toFixed(1)} s, max ${(Math.max(0, ...startTimes) / 1000).toFixed(1)} s); ` +
      `Ctrl+C to exit median ${(median(stopTimes) / 1000).toFixed(1)} s\n`,
  )
})

it("serves the dev admin at 127.0.0.1, localhost and this machine's address, not a white page", async () => {
  const dataDir = freshDataDir()
  const port = await appPort()
  const dev = npmRun('dev', shellEnv(dataDir, port))
  try {
    await untilReady(
      dev,
      async () => json(await fetch(`http://127.0.0.1:${port}/api/sites`)),
      START_TIMEOUT_MS,
      'GET /api/sites',
    )
    // The first /admin request compiles the admin (minutes on a busy machine): wait for it here,
    // so that the browser's own waits measure the page, not the compiler.
    await untilReady(
      dev,
      async () => ((await fetch(`http://127.0.0.1:${port}/admin/login`)).ok ? true : null),
      2 * START_TIMEOUT_MS,
      'GET /admin',
    )
    const browser = await openBrowser()
    try {
      for (const host of [
        '127.0.0.1',
        'localhost',
        ...[ownAddress()].filter((a): a is string => Boolean(a)),
      ]) {
        await seeAdmin(browser, host, port)
      }
    } finally {
      await browser.close()
    }
    signalGroup(dev, 'SIGINT')
    expect(await exitOf(dev)).toBe(0)
  } catch (error) {
    process.stdout.write(
      `\n[starts] the dev admin start failed; its output:\n${dev.output().slice(-6000)}\n`,
    )
    throw error
  } finally {
    signalGroup(dev, 'SIGKILL')
    await exitOf(dev)
    await removeDataDir(dataDir)
  }
})

it(
  `starts ${RUNS} times in a row on a fresh embedded database, answers, and stops calmly`,
  async () => {
    for (let run = 1; run <= RUNS; run++) {
      const dataDir = freshDataDir()
      const port = await appPort()
      const began = Date.now()
      let dev: Started | null = npmRun('dev', shellEnv(dataDir, port))
      try {
        const sites = await untilReady(
          dev,
          async () => json(await fetch(`http://127.0.0.1:${port}/api/sites`)),
          START_TIMEOUT_MS,
          `run ${run}: GET /api/sites`,
        )
        startTimes.push(Date.now() - began)
        expect(sites).toMatchObject({ docs: [], totalDocs: 0 })

        const register = await fetch(`http://127.0.0.1:${port}/api/users/first-register`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            email: `first-${run}@example.com`,
            password: 'a long enough password',
            roles: ['admin'],
          }),
        })
        const registered = await register.json()
        expect({ run, status: register.status }).toEqual({ run, status: 200 })
        expect(typeof (registered as { token?: unknown }).token).toBe('string')
        cameUp++

        const stopping = Date.now()
        signalGroup(dev, 'SIGINT')
        const code = await exitOf(dev)
        stopTimes.push(Date.now() - stopping)
        const output = dev.output()
        dev = null
        if (code !== 0)
          process.stdout.write(
            `\n[starts] run ${run} stopped with exit ${code}; its output:\n${output.slice(-6000)}\n`,
          )
        expect({ run, code }).toEqual({ run, code: 0 })
        expect(output).toContain('[syndicate] database is up to date')
        expect(output).toContain('[syndicate] stopped')
        expect(output.split('\n').filter((line) => ALARMING.test(line))).toEqual([])
      } finally {
        if (dev) {
          process.stdout.write(
            `\n[starts] run ${run} failed; its output:\n${dev.output().slice(-6000)}\n`,
          )
          signalGroup(dev, 'SIGKILL')
          await exitOf(dev)
        }
        await removeDataDir(dataDir)
      }
    }
  },
  RUNS * 10 * 60_000,
)
