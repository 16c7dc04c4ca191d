/**
 * `npm run bench:read`: what a headless consumer's reads cost, Syndicate against a bare Payload
 * with the same content model (bench/bare), both built with `next build`, Syndicate served as
 * `npm start` serves it (our production server, scripts/server.ts: Next's custom-server API with
 * read-cache hits answered before Next routes the request) and the bare app by `next start`, on
 * one PostgreSQL (two databases), seeded identically. Prints req/s for Syndicate
 * without its read cache (cold), with it (warm) and for the bare app, the ratios, the cache's hit
 * rate and p50/p99, then counts stale answers 1 s after a publish on two Syndicate instances.
 * See bench/README.md.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import { Pool } from 'undici'

import { childEnv } from '../scripts/lib/run'
import { migrate, provideBenchDatabase, queryOn, type BenchDatabase } from './lib/database'
import { summarise } from './lib/profile'
import { fixed, median, quantile, table } from './lib/stats'

const CONNECTIONS = 20
const SECONDS = Number(process.env.BENCH_SECONDS || 12)
const WARMUP_SECONDS = 2
// Short rounds, many of them, in turn: a ratio is the median of the rounds' own ratios, so that a
// burst of other work on the machine during one round moves one of its figures, not the result.
const ROUNDS = Number(process.env.BENCH_ROUNDS || 6)
// The servers on the last CPU and the load generator (this process) on the others, so that the
// generator never takes the measured server's core; BENCH_PIN=0 leaves both to the scheduler.
const PIN = process.env.BENCH_PIN !== '0' && os.cpus().length >= 2
// BENCH_PORT moves all three (and the second instance's) ports: helpers running side by side each have their own.
const BASE_PORT = Number(process.env.BENCH_PORT || 3605)
const PORTS = { cold: BASE_PORT, warm: BASE_PORT + 10, bare: BASE_PORT + 20 }
const GOAL_COLD = 0.95
const GOAL_WARM = 5
// BENCH_ROWS=1,4 measures those rows only (1-based, in the table's order).
const ONLY_ROWS = (process.env.BENCH_ROWS ?? '')
  .split(',')
  .map((item) => Number(item.trim()))
  .filter((n) => Number.isInteger(n) && n > 0)
// BENCH_ACCEPT_ENCODING=gzip sends that Accept-Encoding with every measured request, as browsers and CDNs do.
const ACCEPT_ENCODING = process.env.BENCH_ACCEPT_ENCODING || null
// BENCH_CPU_PROFILE_DIR=<dir>: every server writes a V8 CPU profile of its whole life there.
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE_DIR
  ? path.resolve(process.env.BENCH_CPU_PROFILE_DIR)
  : null

const out = (text = '') => process.stdout.write(`${text}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

type Seeded = { site: number; newest: { id: number; slug: string }; page: number }
type Row = { label: string; method: 'GET' | 'POST'; path: string; body?: string }
type Figures = {
  rps: number
  p50: number
  p99: number
  hitRate: number
  errors: number
  /** The share of answers that came with a Content-Encoding. */
  encoded: number
}

const rowsFor = (seeded: Seeded): Row[] => [
  { label: '/api/posts?limit=10&depth=1', method: 'GET', path: '/api/posts?limit=10&depth=1' },
  {
    label: '10 posts, depth 0, select title+slug',
    method: 'GET',
    path: '/api/posts?limit=10&depth=0&select[title]=true&select[slug]=true',
  },
  {
    label: 'one post by slug, depth 1',
    method: 'GET',
    path: `/api/posts?where[slug][equals]=${seeded.newest.slug}&depth=1&limit=1`,
  },
  { label: 'one page by id, depth 0', method: 'GET', path: `/api/pages/${seeded.page}?depth=0` },
  {
    label: 'GraphQL, 10 posts with content',
    method: 'POST',
    path: '/api/graphql',
    body: JSON.stringify({ query: '{ Posts(limit: 10) { docs { id title slug content } } }' }),
  },
]

const benchEnv = (db: string, scratch: string, extra: Record<string, string> = {}) =>
  childEnv({
    DATABASE_URI: db,
    PAYLOAD_SECRET: 'bench',
    CREDENTIALS_KEYS: `bench:${Buffer.alloc(32, 11).toString('base64')}`,
    JOBS_RUNNER: 'false',
    MEDIA_DIR: path.join(scratch, 'media'),
    SYNDICATE_DATA_DIR: scratch,
    ...extra,
  })

const run = (command: string, args: string[], env: NodeJS.ProcessEnv, log: string) =>
  new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let text = ''
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()))
    child.on('exit', (code) => {
      fs.writeFileSync(log, text)
      if (code === 0) resolve(text)
      else reject(new Error(`${command} ${args.join(' ')} failed (${code}); see ${log}`))
    })
  })

const seed = async (which: 'syndicate' | 'bare', env: NodeJS.ProcessEnv, log: string) => {
  const text = await run(
    process.execPath,
    ['--conditions=production', path.resolve('scripts/run.mjs'), 'bench/lib/seedRead.ts', which],
    env,
    log,
  )
  const line = text.split('\n').find((candidate) => candidate.startsWith('SEEDED '))
  if (!line) throw new Error(`seeding ${which} printed no result; see ${log}`)
  return JSON.parse(line.slice('SEEDED '.length)) as Seeded
}

const build = async (dir: string, scratch: string) => {
  if (process.env.BENCH_BUILD !== '1' && fs.existsSync(path.join(dir, '.next', 'BUILD_ID'))) return
  out(`  building ${dir} with next build …`)
  await run(
    path.resolve('node_modules/.bin/next'),
    ['build', dir],
    childEnv(),
    path.join(scratch, 'build.log'),
  )
}

type Server = { origin: string; stop: () => Promise<void> }

/**
 * The command that serves `dir`: Syndicate (`.`) as `npm start` serves it, through our production
 * server (scripts/server.ts: Next's custom-server API with read-cache hits answered in front of
 * Next), the bare app with Next's CLI (`next start`). With BENCH_CPU_PROFILE_DIR each runs under
 * `node --cpu-prof` into a folder of the server's own (Node refuses `--cpu-prof` in NODE_OPTIONS;
 * the profile is written when the server exits).
 */
const serverCommand = (dir: string, port: number, name: string): [string, string[]] => {
  const profile = PROFILE_DIR ? path.join(PROFILE_DIR, name) : null
  if (profile) fs.mkdirSync(profile, { recursive: true })
  const profiling = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  if (path.resolve(dir) === path.resolve('.') && process.env.BENCH_SYNDICATE_SERVER !== 'next')
    return [
      process.execPath,
      [
        ...profiling,
        '--conditions=production',
        path.resolve('scripts/run.mjs'),
        'scripts/server.ts',
      ],
    ]
  const args = ['start', dir, '--port', String(port)]
  if (!profile) return [path.resolve('node_modules/.bin/next'), args]
  return [
    process.execPath,
    [...profiling, path.resolve('node_modules/next/dist/bin/next'), ...args],
  ]
}

/**
 * Where each profiled server's time went while the bench loaded it (start-up and the staleness
 * check left out): self time by area and by function, most first.
 */
const printProfiles = () => {
  if (!PROFILE_DIR) return
  // For a closer look at the profiles afterwards (each server's folder ends in its port).
  fs.writeFileSync(
    path.join(PROFILE_DIR, 'load-windows.json'),
    JSON.stringify(Object.fromEntries(loadWindows)),
  )
  for (const name of fs.readdirSync(PROFILE_DIR).sort()) {
    const dir = path.join(PROFILE_DIR, name)
    if (!fs.statSync(dir).isDirectory()) continue
    const port = name.split('-').at(-1)
    const windows = loadWindows.get(`http://127.0.0.1:${port}`) ?? []
    const underLoad = (at: number) => windows.some(([from, to]) => at >= from && at <= to)
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
      const { totalMs, areas, functions } = summarise(
        JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')),
        underLoad,
      )
      if (!totalMs) continue
      out()
      out(
        `  profile ${name}/${file}: ${fixed(totalMs / 1000, 1)} s of samples under load (not idle)`,
      )
      const share = (ms: number) => `${fixed((ms / totalMs) * 100, 1).padStart(5)} %`
      for (const [area, ms] of areas.slice(0, 12)) out(`    ${share(ms)}  ${area}`)
      out('    functions:')
      for (const [fn, ms] of functions.slice(0, 30)) out(`    ${share(ms)}  ${fn}`)
    }
  }
}

const serve = async (
  dir: string,
  port: number,
  env: NodeJS.ProcessEnv,
  log: string,
): Promise<Server> => {
  const [bin, binArgs] = serverCommand(dir, port, `${path.basename(log, '.log')}-${port}`)
  // Pinned (PIN): every server on the last CPU, only one of them under load at a time.
  const [command, args] = PIN
    ? ['taskset', ['-c', String(os.cpus().length - 1), bin, ...binArgs]]
    : [bin, binArgs]
  const child: ChildProcess = spawn(command, args, {
    env: { ...env, NODE_ENV: 'production', PORT: String(port) },
    stdio: ['ignore', fs.openSync(log, 'a'), fs.openSync(log, 'a')],
  })
  const origin = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode !== null) return
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`serving ${dir} on ${port} ended; see ${log}`)
    try {
      const response = await fetch(`${origin}/api/posts?limit=1&depth=0`)
      if (response.status === 200) return { origin, stop }
    } catch {
      // not listening yet
    }
    await sleep(500)
  }
  await stop()
  throw new Error(`serving ${dir} on ${port} never answered; see ${log}`)
}

const request = (pool: Pool, row: Row, headers: Record<string, string> = {}) =>
  pool.request({
    path: row.path,
    method: row.method,
    headers: row.body ? { 'content-type': 'application/json', ...headers } : headers,
    body: row.body,
  })

type Sample = {
  latencies: number[]
  hits: number
  encoded: number
  errors: number
  seconds: number
}

/** When each origin was under load, on V8's profile clock (µs), for BENCH_CPU_PROFILE_DIR. */
const loadWindows = new Map<string, [number, number][]>()
const micros = () => Number(process.hrtime.bigint() / 1000n)

/** `CONNECTIONS` clients each sending the row's request again as soon as the last one answered. */
const load = async (origin: string, row: Row, seconds: number): Promise<Sample> => {
  const window: [number, number] = [micros(), Number.POSITIVE_INFINITY]
  loadWindows.set(origin, [...(loadWindows.get(origin) ?? []), window])
  const pool = new Pool(origin, { connections: CONNECTIONS })
  const latencies: number[] = []
  let hits = 0
  let encoded = 0
  let errors = 0
  const deadline = performance.now() + seconds * 1000
  const worker = async () => {
    while (performance.now() < deadline) {
      const started = performance.now()
      try {
        const response = await request(
          pool,
          row,
          ACCEPT_ENCODING ? { 'accept-encoding': ACCEPT_ENCODING } : {},
        )
        await response.body.arrayBuffer()
        if (response.statusCode !== 200) errors++
        if (response.headers['x-read-cache'] === 'hit') hits++
        if (response.headers['content-encoding']) encoded++
        latencies.push(performance.now() - started)
      } catch {
        errors++
      }
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: CONNECTIONS }, worker))
  const elapsed = (performance.now() - started) / 1000
  window[1] = micros()
  await pool.close()
  return { latencies, hits, encoded, errors, seconds: elapsed }
}

const figuresOf = (samples: Sample[]): Figures => {
  const latencies = samples.flatMap((sample) => sample.latencies)
  const seconds = samples.reduce((sum, sample) => sum + sample.seconds, 0)
  const hits = samples.reduce((sum, sample) => sum + sample.hits, 0)
  return {
    rps: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    hitRate: latencies.length ? hits / latencies.length : 0,
    encoded: latencies.length
      ? samples.reduce((sum, sample) => sum + sample.encoded, 0) / latencies.length
      : 0,
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
  }
}

/**
 * One row on every app: a warm-up each, then `ROUNDS` rounds that take turns, each round starting
 * one app further on (cold, warm, bare; warm, bare, cold; …), so that a change in the machine's
 * load falls on all three alike and none always follows the same one. Returns each app's figures
 * and its req/s per round.
 */
const measureRow = async (
  targets: { origin: string; row: Row }[],
): Promise<{ figures: Figures[]; rounds: number[][] }> => {
  for (const { origin, row } of targets) await load(origin, row, WARMUP_SECONDS)
  const samples: Sample[][] = targets.map(() => [])
  for (let round = 0; round < ROUNDS; round++)
    for (let turn = 0; turn < targets.length; turn++) {
      const index = (round + turn) % targets.length
      const { origin, row } = targets[index]!
      samples[index]!.push(await load(origin, row, SECONDS / ROUNDS))
    }
  return {
    figures: samples.map(figuresOf),
    rounds: samples.map((list) => list.map((sample) => sample.latencies.length / sample.seconds)),
  }
}

/** Every key path of a JSON value (`docs[].site.name`), values left out: the answer's shape. */
const shapeOf = (value: unknown, at = '', into = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) for (const item of value) shapeOf(item, `${at}[]`, into)
  else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      const path = at ? `${at}.${key}` : key
      into.add(path)
      shapeOf(item, path, into)
    }
  return into
}

/**
 * Whether both apps answer a row with the same shape (the same key paths, whatever the values):
 * the "same content model" the ratios rely on. Returns what only one of them has.
 */
const shapeDifference = async (
  syndicate: { origin: string; row: Row },
  bare: { origin: string; row: Row },
): Promise<string[]> => {
  const [ours, theirs] = await Promise.all(
    [syndicate, bare].map(async ({ origin, row }) => shapeOf(JSON.parse(await text(origin, row)))),
  )
  return [
    ...[...ours!].filter((key) => !theirs!.has(key)).map((key) => `only Syndicate: ${key}`),
    ...[...theirs!].filter((key) => !ours!.has(key)).map((key) => `only bare: ${key}`),
  ]
}

/** The median of the rounds' own ratios `a[i] / b[i]`. */
const roundRatio = (a: number[], b: number[]): number =>
  median(a.map((value, index) => value / b[index]!))

const text = async (origin: string, row: Row, headers: Record<string, string> = {}) => {
  const pool = new Pool(origin, { connections: 1 })
  try {
    const response = await request(pool, row, headers)
    return await response.body.text()
  } finally {
    await pool.close()
  }
}

/** Publishes a new title for the newest post and the page on `origin`, then counts stale reads on every instance after 1 s. */
const staleAfterPublish = async (rows: Row[], seeded: Seeded, instances: Server[]) => {
  for (const server of instances)
    for (const row of rows) for (let i = 0; i < 3; i++) await text(server.origin, row)
  const login = await fetch(`${instances[0]!.origin}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench-admin@example.com', password: 'bench-admin-password' }),
  })
  const { token } = (await login.json()) as { token: string }
  const stamp = `Renamed ${Date.now()}`
  for (const [collection, id] of [
    ['posts', seeded.newest.id],
    ['pages', seeded.page],
  ] as const) {
    const response = await fetch(`${instances[0]!.origin}/api/${collection}/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `JWT ${token}` },
      body: JSON.stringify({ title: `${stamp} ${collection}`, _status: 'published' }),
    })
    if (response.status !== 200)
      throw new Error(`publishing ${collection} ${id} answered ${response.status}`)
  }
  await sleep(1000)
  let stale = 0
  let checked = 0
  for (const server of instances)
    for (const row of rows) {
      checked++
      if (!(await text(server.origin, row)).includes(stamp)) stale++
    }
  return { stale, checked }
}

const main = async () => {
  if (PIN) {
    const others = `0-${os.cpus().length - 2}`
    spawnSync('taskset', ['-p', '-c', others, String(process.pid)], { stdio: 'ignore' })
  }
  out('npm run bench:read — Syndicate against a bare Payload with the same content model')
  out(
    `  machine: ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (shared: other work lowers every figure; compare the ratios)`,
  )
  out(
    `  ${CONNECTIONS} connections${ACCEPT_ENCODING ? `, Accept-Encoding: ${ACCEPT_ENCODING}` : ''}; per row and app ${WARMUP_SECONDS} s warm-up, then ${SECONDS} s in ${ROUNDS} rounds taking turns`,
  )
  const db: BenchDatabase = await provideBenchDatabase()
  const adminUri = new URL(db.uri)
  adminUri.pathname = '/postgres'
  const bareName = `${db.name}_bare`
  const bareUri = new URL(db.uri)
  bareUri.pathname = `/${bareName}`
  const servers: Server[] = []
  try {
    await build('.', db.scratch)
    await build('bench/bare', db.scratch)
    await migrate(db.uri)
    await queryOn(adminUri.toString(), `create database "${bareName}"`)
    const syndicateEnv = benchEnv(db.uri, db.scratch)
    const bareEnv = benchEnv(bareUri.toString(), path.join(db.scratch, 'bare'))
    out('  seeding both apps: 1,000 published posts, 200 pages …')
    const [seeded, bareSeeded] = await Promise.all([
      seed('syndicate', syndicateEnv, path.join(db.scratch, 'seed-syndicate.log')),
      seed('bare', bareEnv, path.join(db.scratch, 'seed-bare.log')),
    ])
    const log = (name: string) => path.join(db.scratch, `${name}.log`)
    const cold = await serve('.', PORTS.cold, { ...syndicateEnv, READ_CACHE: 'off' }, log('cold'))
    servers.push(cold)
    const warm = await serve('.', PORTS.warm, syndicateEnv, log('warm'))
    servers.push(warm)
    const bare = await serve('bench/bare', PORTS.bare, bareEnv, log('bare'))
    servers.push(bare)
    const chosen = (all: Row[]) =>
      ONLY_ROWS.length ? all.filter((_, index) => ONLY_ROWS.includes(index + 1)) : all
    const rows = chosen(rowsFor(seeded))
    const bareRows = chosen(rowsFor(bareSeeded))
    const results: string[][] = []
    const encodings: string[] = []
    const perRound: string[] = []
    let pass = true
    const shapes: string[] = []
    for (const [index, row] of rows.entries()) {
      const differences = await shapeDifference(
        { origin: cold.origin, row },
        { origin: bare.origin, row: bareRows[index]! },
      )
      shapes.push(
        `${row.label}: ${differences.length ? differences.join(', ') : 'the same key paths'}`,
      )
      const measured = await measureRow([
        { origin: cold.origin, row },
        { origin: warm.origin, row },
        { origin: bare.origin, row: bareRows[index]! },
      ])
      const [c, w, b] = measured.figures as [Figures, Figures, Figures]
      const [coldRounds, warmRounds, bareRounds] = measured.rounds as [number[], number[], number[]]
      const share = (f: Figures) => `${fixed(f.encoded * 100, 0)} %`
      encodings.push(`${row.label}: cold ${share(c)}, warm ${share(w)}, bare ${share(b)}`)
      perRound.push(
        `${row.label}: ${coldRounds.map((value, round) => fixed(value / bareRounds[round]!, 2)).join(' ')}`,
      )
      const coldRatio = roundRatio(coldRounds, bareRounds)
      const warmRatio = roundRatio(warmRounds, bareRounds)
      // Ratios between answers of different shapes would compare different work.
      const ok =
        coldRatio >= GOAL_COLD &&
        warmRatio >= GOAL_WARM &&
        !c.errors &&
        !w.errors &&
        !b.errors &&
        !differences.length
      pass &&= ok
      results.push([
        row.label,
        fixed(c.rps, 0),
        fixed(w.rps, 0),
        fixed(b.rps, 0),
        fixed(coldRatio, 2),
        fixed(warmRatio, 2),
        `${fixed(w.hitRate * 100, 1)} %`,
        `${fixed(c.p50, 1)} / ${fixed(c.p99, 1)}`,
        `${fixed(w.p50, 1)} / ${fixed(w.p99, 1)}`,
        `${fixed(b.p50, 1)} / ${fixed(b.p99, 1)}`,
        c.errors + w.errors + b.errors
          ? `${c.errors + w.errors + b.errors} errors`
          : differences.length
            ? 'shapes differ'
            : ok
              ? 'PASS'
              : 'MISS',
      ])
    }
    out()
    out('1. Anonymous reads, req/s (cold: READ_CACHE=off; warm: the read cache on)')
    out(
      table(
        [
          'query',
          'cold',
          'warm',
          'bare',
          'cold/bare',
          'warm/bare',
          'hit rate',
          'cold p50/p99 ms',
          'warm p50/p99 ms',
          'bare p50/p99 ms',
          'result',
        ],
        results,
        ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
      ),
    )
    out(
      `  goals: cold/bare ≥ ${GOAL_COLD}, warm/bare ≥ ${GOAL_WARM} on every row (each the median of the ${ROUNDS} rounds' own ratios)`,
    )
    out('  answers of Syndicate and the bare app, shape (key paths, values left out):')
    for (const line of shapes) out(`    ${line}`)
    out('  cold/bare in each round:')
    for (const line of perRound) out(`    ${line}`)
    if (ACCEPT_ENCODING) {
      out(`  Accept-Encoding: ${ACCEPT_ENCODING}; answers that came encoded:`)
      for (const line of encodings) out(`    ${line}`)
    }

    // The second instance: the cold one again, now with its cache on.
    await cold.stop()
    servers.splice(servers.indexOf(cold), 1)
    const second = await serve('.', PORTS.cold, syndicateEnv, log('second'))
    servers.push(second)
    const { stale, checked } = await staleAfterPublish(rows, seeded, [warm, second])
    out()
    out('2. After a publish (a post and a page renamed through instance 1), reads 1 s later')
    out(
      `  stale answers: ${stale} of ${checked} (${rows.length} rows × 2 instances), goal 0 — ${stale ? 'MISS' : 'PASS'}`,
    )
    if (!pass || stale) process.exitCode = 1
  } finally {
    await Promise.all(servers.map((server) => server.stop()))
    await queryOn(adminUri.toString(), `drop database if exists "${bareName}" with (force)`).catch(
      () => {},
    )
    await db.dispose()
  }
  printProfiles()
}

await main()
