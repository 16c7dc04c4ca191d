/**
 * The release store's bulk file-system work, done in a worker thread with synchronous calls.
 *
 * A release of a 10,000-document site is about 13,600 hard links in about 10,000 folders. Made on
 * the main thread through `fs.promises`, each link and folder is a promise and a round trip to
 * libuv's thread pool (four threads, shared with everything else the process does): about 0.8 s
 * of mostly scheduling, while the app serves requests on the same event loop. One worker making
 * them with `linkSync`/`mkdirSync` spends the time in the system calls alone and leaves the event
 * loop free (`bench/README.md`, "Release store: linking a release"). Removing a pruned release's
 * tree and collecting unused objects are the same kind of work.
 *
 * The worker's code is a string (`eval`), so it needs no file of its own next to the bundle Next
 * or tsx makes of this module. A worker is started per job (about 20–40 ms) and ends with it.
 */
import { Worker } from 'node:worker_threads'

export type TreeJob =
  | {
      op: 'link'
      /** An existing folder; the folders and links are made under it. */
      root: string
      /** Folders to make (relative, `/`-separated), parents first. */
      folders: string[]
      /** `targets[i]` (relative to root) becomes a hard link to `sources[i]` (absolute). */
      targets: string[]
      sources: string[]
    }
  | {
      op: 'prune'
      /** Folders to remove with everything in them. */
      trees: string[]
      /** The objects folder (`objects/<fan>/<hash>`) to collect unused objects from, or null. */
      objects: string | null
    }

/** What a job answers: for `prune`, how many objects went. */
export type TreeResult = { objects: number }

const WORKER_SOURCE = `
const { parentPort, workerData: job } = require('node:worker_threads')
const fs = require('node:fs')
const path = require('node:path')
const run = () => {
  if (job.op === 'link') {
    for (const folder of job.folders) fs.mkdirSync(path.join(job.root, folder), { recursive: true })
    for (let i = 0; i < job.targets.length; i++) {
      const target = path.join(job.root, job.targets[i])
      try {
        fs.linkSync(job.sources[i], target)
      } catch (error) {
        // At the file system's link limit: a read-only copy instead.
        if (error.code !== 'EMLINK') throw error
        fs.copyFileSync(job.sources[i], target)
        fs.chmodSync(target, 0o444)
      }
    }
    return { objects: 0 }
  }
  for (const tree of job.trees) fs.rmSync(tree, { recursive: true, force: true })
  let objects = 0
  if (job.objects !== null) {
    let fans = []
    try {
      fans = fs.readdirSync(job.objects)
    } catch (error) {
      if (error.code !== 'ENOENT') throw error
    }
    for (const fan of fans) {
      const dir = path.join(job.objects, fan)
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name)
        if (fs.statSync(file).nlink <= 1) {
          fs.rmSync(file, { force: true })
          objects++
        }
      }
    }
  }
  return { objects }
}
try {
  parentPort.postMessage({ ok: run() })
} catch (error) {
  parentPort.postMessage({ error: { message: String(error && error.message), code: error && error.code } })
}
`

/** Runs `job` in a worker thread; rejects with the worker's error (its `code` kept). */
export function runTreeJob(job: TreeJob): Promise<TreeResult> {
  return new Promise((resolve, reject) => {
    let settled = false
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job })
    worker.once(
      'message',
      (message: { ok?: TreeResult; error?: { message: string; code?: string } }) => {
        settled = true
        if (message.ok) resolve(message.ok)
        else {
          const error = new Error(message.error?.message ?? 'release store: the worker failed')
          if (message.error?.code) (error as NodeJS.ErrnoException).code = message.error.code
          reject(error)
        }
      },
    )
    worker.once('error', (error) => {
      if (!settled) {
        settled = true
        reject(error)
      }
    })
    worker.once('exit', (code) => {
      if (!settled) {
        settled = true
        reject(new Error(`release store: the worker stopped (exit code ${code}) before answering`))
      }
    })
  })
}
