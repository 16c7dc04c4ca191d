/**
 * The bulk child's keeper: it lowers the child's priority, stops it on request, and gives up (one
 * warning; the runner then paces the runs in-process) when the child's files are missing or the
 * child fails twice within a minute.
 */
import type { Payload } from 'payload'

import fs from 'fs'

import { bulkChild } from './bulkChild'

const fakePayload = () => {
  const warnings: string[] = []
  const payload = {
    logger: { info: () => {}, warn: (entry: { msg: string }) => warnings.push(entry.msg) },
  } as unknown as Payload
  return { payload, warnings }
}

const niceness = (pid: number): number => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
}

const until = async (check: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('bulkChild', () => {
  it('starts one child at niceness 19 and waits for it to exit on stop', async () => {
    const { payload, warnings } = fakePayload()
    const child = bulkChild(payload, {
      command: process.execPath,
      args: [
        '-e',
        "process.on('SIGTERM', () => setTimeout(() => process.exit(0), 300)); setInterval(() => {}, 1000)",
      ],
    })
    child.ensure()
    const pid = child.pid()!
    child.ensure()
    expect(child.pid()).toBe(pid)
    expect(niceness(pid)).toBe(19)
    await child.stop()
    expect(fs.existsSync(`/proc/${pid}`)).toBe(false)
    expect(child.running()).toBe(false)
    expect(warnings).toEqual([])
  })

  it('gives up with one warning when a file it names is missing', () => {
    const { payload, warnings } = fakePayload()
    const child = bulkChild(payload, {
      command: process.execPath,
      args: ['/nonexistent/scripts/run.mjs', '--bulk-only'],
    })
    child.ensure()
    child.ensure()
    expect(child.running()).toBe(false)
    expect(child.givenUp()).toBe(true)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('/nonexistent/scripts/run.mjs')
  })

  it('gives up with one warning after two failures within a minute', async () => {
    const { payload, warnings } = fakePayload()
    const child = bulkChild(payload, { command: process.execPath, args: ['-e', 'process.exit(3)'] })
    child.ensure()
    await until(() => !child.running())
    expect(child.givenUp()).toBe(false)
    child.ensure()
    await until(() => !child.running())
    expect(child.givenUp()).toBe(true)
    child.ensure()
    expect(child.running()).toBe(false)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('exited with 3')
  })
})
