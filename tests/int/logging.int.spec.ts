/**
 * User mistakes (4xx answers) are logged at info, with the message and no stack trace; server
 * errors stay at error with their stack. What Payload's logger writes is captured as pino's JSON
 * lines, before the pretty printer.
 */
import { APIError, logError } from 'payload'

import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'

type Line = { level: number; msg?: string; status?: number; err?: { stack?: string } }

const INFO = 30
const ERROR = 50

let app: TestApp
let world: World
const lines: Line[] = []

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  // pino keeps its destination under a symbol; every log line is written to it as JSON.
  const logger = app.payload.logger as unknown as Record<
    symbol,
    { write: (chunk: string) => boolean }
  >
  const key = Object.getOwnPropertySymbols(logger).find(
    (symbol) => symbol.description === 'pino.stream',
  )
  if (!key) throw new Error("pino's stream symbol not found on payload.logger")
  const stream = logger[key]!
  const write = stream.write.bind(stream)
  stream.write = (chunk: string) => {
    lines.push(JSON.parse(chunk) as Line)
    return write(chunk)
  }
})
afterAll(() => app.close())
beforeEach(() => {
  lines.length = 0
})

const withStack = (line: Line) => JSON.stringify(line).includes('"stack"')

it('logs a 400 from a plugin endpoint at info, without a stack', async () => {
  const res = await app.api.post('/integrations/abc/test-connection', { auth: world.actors.admin })
  expect(res.status).toBe(400)
  const line = lines.find((l) => /^"abc" is not a valid id/.test(l.msg ?? ''))
  expect(line).toMatchObject({ level: INFO, status: 400 })
  expect(lines.filter((l) => l.level >= ERROR)).toEqual([])
  expect(lines.filter(withStack)).toEqual([])
})

it('logs a failed login at info, without a stack', async () => {
  const res = await app.api.post('/users/login', {
    body: { email: 'admin@example.com', password: 'not the password' },
  })
  expect(res.status).toBe(401)
  expect(lines.some((l) => l.level === INFO)).toBe(true)
  expect(lines.filter((l) => l.level >= ERROR)).toEqual([])
  expect(lines.filter(withStack)).toEqual([])
})

it('logs a refused GraphQL request at info, without a stack', async () => {
  const res = await app.api.graphql('mutation { createPost(data: { title: "x" }) { id } }', {
    auth: null,
  })
  expect(JSON.stringify(res.body)).toMatch(/not allowed/i)
  expect(lines.some((l) => l.level === INFO && /not allowed/i.test(l.msg ?? ''))).toBe(true)
  expect(lines.filter((l) => l.level >= ERROR)).toEqual([])
  expect(lines.filter(withStack)).toEqual([])
})

it('keeps server errors at error, with their stack', () => {
  logError({ err: new APIError('The database went away.', 500), payload: app.payload })
  logError({ err: new APIError('That slug is taken.', 409, undefined, true), payload: app.payload })
  expect(lines).toEqual([
    expect.objectContaining({
      level: ERROR,
      err: expect.objectContaining({ stack: expect.stringContaining('The database went away.') }),
    }),
    expect.objectContaining({ level: INFO, msg: 'That slug is taken.', status: 409 }),
  ])
  expect(withStack(lines[1]!)).toBe(false)
})
