/**
 * `npm run bench:sites`: what rendering and deploying a hosted site costs (see bench/README.md).
 *
 *   1. Full render and deploy of sites with 100, 1,000 and 10,000 pages and posts, read from
 *      PostgreSQL through the platform (`deploySite`: readSite, render, release), side by side with
 *      Eleventy rendering the same documents as Markdown (programmatic API, same process).
 *   2. One post published on the 10,000 site, through the runner (fan-out, delivery, incremental
 *      release): its time and the files it changed.
 *
 * Against DATABASE_URI's server when it is set (database `syndicate_bench_<pid>`, dropped at the
 * end), else on an embedded PostgreSQL. Prints figures against the goals; exits 0 when a goal is
 * missed, non-zero only on errors. Run with NODE_ENV=production (the npm script does): React's
 * development build costs several times the render.
 */
import type { Payload } from 'payload'

import fs from 'fs'
import os from 'os'
import path from 'path'

import { paragraph } from '@/utilities/richText'

import { SKIP_PUBLISHING } from '../plugins/publishing/exports/server'
import { releasePool } from '../scripts/lib/releasePool'
import { migrate, provideBenchDatabase, useBenchEnvironment } from './lib/database'
import { startCpuProfile, summarise, writeProfile } from './lib/profile'
import { fixed, table } from './lib/stats'

const SIZES = (process.env.BENCH_SITES_SIZES ?? '100,1000,10000').split(',').map(Number)
const GOAL_RATIO = 2
const GOAL_INCREMENTAL_S = 1
const PARALLEL_SAVES = 4

const out = (text = '') => process.stdout.write(`${text}\n`)
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS')
const seconds = (ms: number) => fixed(ms / 1000, 2)
const phases = (ms: Record<string, number>) =>
  Object.entries(ms)
    .map(([phase, value]) => `${phase} ${seconds(value)} s`)
    .join(', ')

const WORDS =
  'the quick brown fox jumps over a lazy dog while editors publish pages and posts to sites rendered as static files with feeds sitemaps archives and listings'.split(
    ' ',
  )
/** A deterministic body of about 120 words, as text (Eleventy's Markdown) and rich text (ours). */
const bodyText = (n: number): string =>
  Array.from({ length: 120 }, (_, i) => WORDS[(n * 7 + i * 13) % WORDS.length]).join(' ')

type Doc = {
  collection: 'pages' | 'posts'
  title: string
  slug: string
  body: string
  date: string
  parentIndex: number | null
  category: number
  tags: number[]
}

/** A site of `size` documents: a tenth pages (10 root pages, the rest beneath them), the rest posts. */
const documentsOf = (size: number): Doc[] => {
  const pages = Math.max(1, Math.round(size / 10))
  const docs: Doc[] = []
  for (let i = 0; i < size; i++) {
    const page = i < pages
    docs.push({
      collection: page ? 'pages' : 'posts',
      title: page ? (i === 0 ? 'Home' : `Page ${i}`) : `Post ${i - pages + 1}`,
      slug: page ? (i === 0 ? 'home' : `page-${i}`) : `post-${i - pages + 1}`,
      body: bodyText(i),
      date: new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString(),
      parentIndex: page && i >= 10 ? i % 10 : null,
      category: i % 10,
      tags: [i % 20, (i + 7) % 20],
    })
  }
  return docs
}

const inParallel = async <T>(items: T[], limit: number, work: (item: T) => Promise<unknown>) => {
  let next = 0
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

/** Seeds a site with `docs`, published, and returns its id. */
const seedSite = async (payload: Payload, size: number, docs: Doc[]): Promise<number> => {
  const site = (
    await payload.create({
      collection: 'sites',
      data: { name: `Bench site ${size}`, siteType: 'blog', settings: { tagline: 'Benchmarked' } },
    })
  ).id
  const terms = async (collection: 'categories' | 'tags', count: number) => {
    const ids: number[] = []
    for (let i = 0; i < count; i++)
      ids.push(
        (await payload.create({ collection, data: { name: `${collection} ${i}`, site } }))
          .id as number,
      )
    return ids
  }
  const categories = await terms('categories', 10)
  const tags = await terms('tags', 20)
  const pageIds = new Map<number, number>()
  const roots = docs.filter((doc) => doc.collection === 'pages' && doc.parentIndex === null)
  const rest = docs.filter((doc) => !roots.includes(doc))
  // Seeded without fan-out jobs: the rule comes later, for the one timed publish only.
  const context = { [SKIP_PUBLISHING]: true }
  const save = async (doc: Doc) => {
    const common = {
      title: doc.title,
      slug: doc.slug,
      site,
      _status: 'published' as const,
      content: paragraph(doc.body),
    }
    if (doc.collection === 'pages') {
      const created = await payload.create({
        collection: 'pages',
        context,
        data: {
          ...common,
          template: doc.slug === 'home' ? 'landing' : 'default',
          parent: doc.parentIndex === null ? undefined : pageIds.get(doc.parentIndex),
        },
      })
      pageIds.set(docs.indexOf(doc), created.id as number)
    } else {
      await payload.create({
        collection: 'posts',
        context,
        data: {
          ...common,
          publishedAt: doc.date,
          categories: [categories[doc.category]!],
          tags: doc.tags.map((tag) => tags[tag]!),
        },
      })
    }
  }
  for (const doc of roots) await save(doc)
  await inParallel(rest, PARALLEL_SAVES, save)
  return site as number
}

/** The same documents as an Eleventy project: a layout, Markdown files, blog listing, feed, sitemap. */
const writeEleventyProject = (dir: string, docs: Doc[]): void => {
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    fs.writeFileSync(path.join(dir, file), text)
  }
  write(
    '_includes/base.njk',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }} · Bench</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/site.css"></head>
<body><header><a href="/">Bench</a><nav>{% for p in collections.root %}<a href="{{ p.url }}">{{ p.data.title }}</a>{% endfor %}<a href="/blog/">Blog</a></nav></header>
<main><h1>{{ title }}</h1>{% if date %}<time>{{ date.toISOString() }}</time>{% endif %}{{ content | safe }}</main></body></html>`,
  )
  const pageUrl = new Map<number, string>()
  docs.forEach((doc, i) => {
    if (doc.collection !== 'pages') return
    const url =
      doc.slug === 'home'
        ? '/'
        : doc.parentIndex === null
          ? `/${doc.slug}/`
          : `${pageUrl.get(doc.parentIndex) === '/' ? '/home/' : pageUrl.get(doc.parentIndex)}${doc.slug}/`
    pageUrl.set(i, url)
    write(
      `pages/${doc.slug}.md`,
      `---\ntitle: ${doc.title}\nlayout: base.njk\npermalink: ${url}\n${doc.parentIndex === null ? 'tags: [root]\n' : ''}---\n\n${doc.body}\n`,
    )
  })
  for (const doc of docs) {
    if (doc.collection !== 'posts') continue
    write(
      `blog/${doc.slug}.md`,
      `---\ntitle: ${doc.title}\nlayout: base.njk\ndate: ${doc.date}\npermalink: /blog/${doc.slug}/\ntags: [post, category-${doc.category}, tag-${doc.tags[0]}, tag-${doc.tags[1]}]\n---\n\n${doc.body}\n`,
    )
  }
  write(
    'blog.njk',
    `---\npagination:\n  data: collections.post\n  size: 10\n  reverse: true\n  alias: posts\npermalink: "/blog/{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}"\nlayout: base.njk\ntitle: Blog\n---\n<ul>{% for post in posts %}<li><a href="{{ post.url }}">{{ post.data.title }}</a> {{ post.date.toISOString() }}</li>{% endfor %}</ul>{% if pagination.href.next %}<a href="{{ pagination.href.next }}">Older posts</a>{% endif %}\n`,
  )
  for (let c = 0; c < 10; c++)
    write(
      `category-${c}.njk`,
      `---\npagination:\n  data: collections.category-${c}\n  size: 10\n  reverse: true\n  alias: posts\npermalink: "/blog/category/category-${c}/{% if pagination.pageNumber > 0 %}page/{{ pagination.pageNumber + 1 }}/{% endif %}"\nlayout: base.njk\ntitle: Category ${c}\n---\n<ul>{% for post in posts %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul>\n`,
    )
  write(
    'feed.njk',
    `---\npermalink: /feed.xml\neleventyExcludeFromCollections: true\n---\n<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench</title>{% for post in collections.post | reverse %}{% if loop.index0 < 20 %}<item><title>{{ post.data.title }}</title><link>https://bench.example{{ post.url }}</link><pubDate>{{ post.date.toUTCString() }}</pubDate></item>{% endif %}{% endfor %}</channel></rss>\n`,
  )
  write(
    'sitemap.njk',
    `---\npermalink: /sitemap.xml\neleventyExcludeFromCollections: true\n---\n<?xml version="1.0" encoding="utf-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{% for page in collections.all %}<url><loc>https://bench.example{{ page.url }}</loc></url>{% endfor %}</urlset>\n`,
  )
  write('site.css', 'body{font-family:system-ui;max-width:40rem;margin:auto}')
}

const runEleventy = async (
  input: string,
  output: string,
): Promise<{ ms: number; files: number }> => {
  // Eleventy ships no types; a variable specifier keeps TypeScript from asking for them.
  const specifier = '@11ty/eleventy'
  const { Eleventy } = (await import(specifier)) as {
    Eleventy: new (
      input: string,
      output: string,
      options: Record<string, unknown>,
    ) => { write: () => Promise<unknown> }
  }
  const eleventy = new Eleventy(input, output, {
    quietMode: true,
    config: (config: { addPassthroughCopy: (file: string) => void }) => {
      config.addPassthroughCopy(path.join(input, 'site.css'))
    },
  })
  const started = performance.now()
  await eleventy.write()
  const ms = performance.now() - started
  let files = 0
  const count = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
      if (entry.isDirectory()) count(path.join(dir, entry.name))
      else files++
  }
  count(output)
  return { ms, files }
}

const main = async (): Promise<void> => {
  if (process.env.NODE_ENV !== 'production')
    out('NODE_ENV is not production: React runs its development build, several times slower.')
  const began = performance.now()
  const db = await provideBenchDatabase()
  let payload: Payload | null = null
  try {
    useBenchEnvironment(db, { SITES_OUTPUT_DIR: path.join(db.scratch, 'sites') })
    out('Syndicate hosted-sites benchmark')
    out(
      `  ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, load ${os
        .loadavg()
        .map((n) => fixed(n, 1))
        .join(
          ' ',
        )}, Node.js ${process.version}, PostgreSQL ${db.serverVersion} (${db.origin}), NODE_ENV=${process.env.NODE_ENV ?? ''}`,
    )
    await migrate(db.uri)
    const { getPayload, createLocalReq } = await import('payload')
    const { default: config } = await import('../payload.config')
    const { adapterContext, runDeliveries } = await import('../plugins/publishing/exports/server')
    const { deploySite, storeFor } = await import('../plugins/adapter-sites')
    payload = await getPayload({ config })
    payload.logger.level = 'warn'

    const rows: string[][] = []
    let big: { site: number; integration: number; slug: string } | null = null
    for (const size of SIZES) {
      const docs = documentsOf(size)
      const seedStart = performance.now()
      const site = await seedSite(payload, size, docs)
      const seeded = performance.now() - seedStart
      const integration = (
        await payload.create({
          collection: 'integrations',
          data: { name: `Hosted ${size}`, site, platform: 'sites', config: {} },
        })
      ).id as number
      const req = await createLocalReq({}, payload)
      const { context } = await adapterContext(payload, req, integration)
      const profile = process.env.BENCH_CPU_PROFILE && size === Math.max(...SIZES)
      const profiler = profile ? await startCpuProfile() : null
      const started = performance.now()
      const deployed = await deploySite(context as Parameters<typeof deploySite>[0])
      const ours = performance.now() - started
      if (profiler) {
        const result = await profiler.stop()
        writeProfile(process.env.BENCH_CPU_PROFILE!, result)
        const { areas, functions } = summarise(result)
        out(
          `  profile of the ${size} deploy: ${areas
            .slice(0, 6)
            .map(([a, ms]) => `${a} ${fixed(ms, 0)} ms`)
            .join(', ')}`,
        )
        for (const [fn, ms] of functions.slice(0, 12))
          out(`    ${fixed(ms, 0).padStart(6)} ms  ${fn}`)
      }
      const files = (await storeFor({}).manifest(deployed.site, deployed.release!)).files
      const input = fs.mkdtempSync(path.join(db.scratch, `eleventy-in-${size}-`))
      const output = path.join(db.scratch, `eleventy-out-${size}`)
      writeEleventyProject(input, docs)
      const eleventy = await runEleventy(input, output)
      out(
        `  ${size} documents: seeded in ${seconds(seeded)} s; ours ${Object.keys(files).length} files (${phases(deployed.ms)}), Eleventy ${eleventy.files} files`,
      )
      rows.push([
        String(size),
        seconds(ours),
        seconds(eleventy.ms),
        fixed(ours / eleventy.ms, 2),
        verdict(ours / eleventy.ms <= GOAL_RATIO),
      ])
      big = { site, integration, slug: deployed.site }
      fs.rmSync(output, { recursive: true, force: true })
    }
    out('\n1. Full render and deploy (ours: read from PostgreSQL, render, write the release)')
    out(
      table(['docs', 'ours (s)', 'Eleventy (s)', 'ratio', `goal ≤ ${GOAL_RATIO}x`], rows, [
        'r',
        'r',
        'r',
        'r',
        'l',
      ]),
    )

    if (big) {
      const store = storeFor({})
      await payload.create({
        collection: 'publishing-rules',
        data: { site: big.site, name: 'Everything', destinations: [big.integration] },
      })
      const before = (await store.current(big.slug))!
      // The adapter says what its deploy did at debug level: caught here, not printed.
      const logger = payload.logger as unknown as { level: string; debug: (entry: unknown) => void }
      const deploys: { ms?: Record<string, number>; written?: number }[] = []
      logger.level = 'debug'
      logger.debug = (entry) => {
        if ((entry as { msg?: string }).msg === 'hosted site deployed')
          deploys.push(entry as { ms: Record<string, number> })
      }
      const started = performance.now()
      await payload.create({
        collection: 'posts',
        data: {
          title: 'A new post',
          slug: 'a-new-post',
          site: big.site,
          _status: 'published',
          publishedAt: new Date(Date.UTC(2030, 0, 1)).toISOString(),
          content: paragraph(bodyText(1)),
        },
      })
      const saved = performance.now() - started
      while ((await store.current(big.slug)) === before) {
        if (performance.now() - started > 60_000) {
          const records = await payload.find({ collection: 'publishing-records', depth: 0 })
          const states = records.docs.map((r) => `${r.status}: ${r.lastError ?? ''}`)
          throw new Error(`the publish was not deployed (records: ${states.join('; ') || 'none'})`)
        }
        const { settled } = await runDeliveries(payload)
        await settled
      }
      const ms = performance.now() - started
      logger.level = 'warn'
      const after = (await store.current(big.slug))!
      const [a, b] = [await store.manifest(big.slug, before), await store.manifest(big.slug, after)]
      const changed = [...new Set([...Object.keys(a.files), ...Object.keys(b.files)])]
        .filter((file) => a.files[file] !== b.files[file])
        .sort()
      out(`\n2. One post published on the ${Math.max(...SIZES)}-document site, through the runner`)
      out(
        `  save ${seconds(saved)} s; save → new release live ${seconds(ms)} s (goal < ${GOAL_INCREMENTAL_S} s: ${verdict(ms / 1000 < GOAL_INCREMENTAL_S)}); release based on the previous one: ${b.base === before ? 'yes' : 'NO (full render)'}`,
      )
      const deploy = deploys[deploys.length - 1]
      if (deploy?.ms)
        out(
          `  in the adapter: ${phases(deploy.ms)}; ${deploy.written} files rendered; release patched from the pre-linked copy of the previous one: ${store.stats.prelinked > 0 ? 'yes' : 'no (linked in full)'}`,
        )
      // Listing pages after the first are counted, the rest named.
      const paged = changed.filter((file) => /\/page\/\d+\/index\.html$/.test(file))
      const named = changed.filter((file) => !paged.includes(file))
      const groups = new Map<string, number>()
      for (const file of paged) {
        const group = file.replace(/page\/\d+\/index\.html$/, 'page/N/')
        groups.set(group, (groups.get(group) ?? 0) + 1)
      }
      out(`  ${changed.length} files changed of ${Object.keys(b.files).length}:`)
      out(`    ${named.join(', ')}`)
      for (const [group, count] of groups) out(`    ${group}: ${count} listing pages`)
    }
    out(`\nTotal run time ${fixed((performance.now() - began) / 1000, 1)} s.`)
  } finally {
    if (payload) releasePool(payload)
    await db.dispose()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
