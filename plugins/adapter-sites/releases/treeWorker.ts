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
 * or tsx makes of this module. One worker is kept for the process (`runTreeJob`).
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
      /**
       * Turns a copy of one release (a staging folder) into the next: `remove` (files) are
       * unlinked and the folders they leave empty removed, then each `targets[i]` is unlinked if
       * present and made a new hard link to `sources[i]` (folders made as needed). A file is never
       * opened for writing: its inode is shared with other releases.
       */
      op: 'patch'
      root: string
      remove: string[]
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
const { parentPort } = require('node:worker_threads')
const fs = require('node:fs')
const path = require('node:path')
// A hard link to the object; at the file system's link limit, a read-only copy instead.
const place = (source, target) => {
  try {
    fs.linkSync(source, target)
  } catch (error) {
    if (error.code !== 'EMLINK') throw error
    fs.copyFileSync(source, target)
    fs.chmodSync(target, 0o444)
  }
}
const run = (job) => {
  if (job.op === 'link') {
    for (const folder of job.folders) fs.mkdirSync(path.join(job.root, folder), { recursive: true })
    for (let i = 0; i < job.targets.length; i++) place(job.sources[i], path.join(job.root, job.targets[i]))
    return { objects: 0 }
  }
  if (job.op === 'patch') {
    const emptied = new Set()
    for (const file of job.remove) {
      try {
        fs.unlinkSync(path.join(job.root, file))
      } catch (error) {
        if (error.code !== 'ENOENT') throw error
      }
      for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) emptied.add(dir)
    }
    // deepest first, so that a folder's emptied subfolders are gone before it is tried
    for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
      try {
        fs.rmdirSync(path.join(job.root, dir))
      } catch (error) {
        if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST' && error.code !== 'ENOENT') throw error
      }
    }
    for (let i = 0; i < job.targets.length; i++) {
      const target = path.join(job.root, job.targets[i])
      fs.mkdirSync(path.dirname(target), { recursive: true })
      try {
        fs.unlinkSync(target)
      } catch (error) {
        if (error.code !== 'ENOENT') throw error
      }
      place(job.sources[i], target)
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
parentPort.on('message', ({ id, job }) => {
  try {
    parentPort.postMessage({ id, ok: run(job) })
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } })
  }
})
`

type Reply = { id: number; ok?: TreeResult; error?: { message: string; code?: string } }
type Pending = { resolve: (result: TreeResult) => void; reject: (error: Error) => void }

/**
 * One worker thread per process, started with the first job and kept: starting one costs 20–40 ms
 * on a quiet machine and several times that under load, more than a small job (an incremental
 * release's patch) itself. It runs jobs one at a time in the order given, holds the process open
 * only while a job is pending (`ref`/`unref`), and is replaced if it dies.
 */
let current: { worker: Worker; pending: Map<number, Pending> } | null = null
let nextId = 1

const startWorker = (): NonNullable<typeof current> => {
  const worker = new Worker(WORKER_SOURCE, { eval: true })
  const state = { worker, pending: new Map<number, Pending>() }
  const fail = (error: Error) => {
    if (current === state) current = null
    for (const { reject } of state.pending.values()) reject(error)
    state.pending.clear()
  }
  worker.on('message', (message: Reply) => {
    const job = state.pending.get(message.id)
    if (!job) return
    state.pending.delete(message.id)
    if (state.pending.size === 0) worker.unref()
    if (message.ok) job.resolve(message.ok)
    else {
      const error = new Error(message.error?.message ?? 'release store: the worker failed')
      if (message.error?.code) (error as NodeJS.ErrnoException).code = message.error.code
      job.reject(error)
    }
  })
  worker.on('error', fail)
  worker.on('exit', (code) =>
    fail(new Error(`release store: the worker stopped (exit code ${code}) before answering`)),
  )
  worker.unref()
  return state
}

/** Runs `job` in the worker thread; rejects with the worker's error (its `code` kept). */
export function runTreeJob(job: TreeJob): Promise<TreeResult> {
  const state = (current ??= startWorker())
  const id = nextId++
  return new Promise<TreeResult>((resolve, reject) => {
    state.pending.set(id, { resolve, reject })
    state.worker.ref()
    state.worker.postMessage({ id, job })
  })
}
