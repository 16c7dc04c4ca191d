import { AsyncLocalStorage } from 'async_hooks'
import pg from 'pg'

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown

/**
 * Counts the statements sent to PostgreSQL, by wrapping `pg.Client.prototype.query`: every query
 * of Payload's pool (pool.query goes through a client too), of the clients it hands out and of the
 * runner's lock connection passes there exactly once. Each statement is charged to the current
 * phase, a label the benchmark sets around what it measures; `null` means "not counted". Work
 * started inside `within(phase, fn)` is charged to that phase even while other work interleaves
 * with it (deliveries run concurrently with fan-outs), since the phase follows the async context.
 */
export type SqlCounter = {
  /** The label statements are charged to from now on; `null` stops counting. */
  setPhase: (phase: string | null) => void
  phase: () => string | null
  /** Runs `fn`, charging every statement it (and whatever it starts) sends to `phase`. */
  within: <T>(phase: string, fn: () => T) => T
  /** Statements charged to `phase` so far. */
  count: (phase: string) => number
  /** Distinct statement texts of `phase` with how many times each ran. */
  statements: (phase: string) => Map<string, number>
  uninstall: () => void
}

const textOf = (first: unknown): string => {
  if (typeof first === 'string') return first
  if (first && typeof first === 'object' && 'text' in first && typeof first.text === 'string')
    return first.text
  return '<submittable>'
}

export const installSqlCounter = (): SqlCounter => {
  const proto = pg.Client.prototype as unknown as { query: QueryFn }
  const original = proto.query
  let fallback: string | null = null
  const context = new AsyncLocalStorage<string>()
  const byPhase = new Map<string, Map<string, number>>()
  const totals = new Map<string, number>()
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const current = context.getStore() ?? fallback
    if (current !== null) {
      const text = textOf(args[0])
      let statements = byPhase.get(current)
      if (!statements) byPhase.set(current, (statements = new Map()))
      statements.set(text, (statements.get(text) ?? 0) + 1)
      totals.set(current, (totals.get(current) ?? 0) + 1)
    }
    return original.apply(this, args)
  }
  return {
    setPhase: (phase) => {
      fallback = phase
    },
    phase: () => context.getStore() ?? fallback,
    within: (phase, fn) => context.run(phase, fn),
    count: (phase) => totals.get(phase) ?? 0,
    statements: (phase) => byPhase.get(phase) ?? new Map(),
    uninstall: () => {
      proto.query = original
    },
  }
}

/**
 * A short shape for a statement: its verb and main table, plus what sets it apart (count,
 * returning, for update, joins), e.g. `update publishing_records … returning`.
 */
export const shapeOf = (text: string): string => {
  const sql = text.replace(/\s+/g, ' ').trim()
  const lower = sql.toLowerCase()
  const verb = lower.split(' ')[0] ?? ''
  if (['begin', 'commit', 'rollback', 'savepoint', 'release'].includes(verb)) return verb
  if (/pg_(try_)?advisory_(un)?lock/.test(lower)) return lower.replace(/\$\d+/g, '?').slice(0, 60)
  const pick = (re: RegExp) => re.exec(sql)?.[1] ?? '?'
  let table: string
  if (verb === 'insert') table = pick(/insert into "([^"]+)"/i)
  else if (verb === 'update') table = pick(/^update "([^"]+)"/i)
  else if (verb === 'delete') table = pick(/delete from "([^"]+)"/i)
  else if (verb === 'select' || verb === 'with') table = pick(/ from "([^"]+)"/i)
  else return sql.slice(0, 60)
  const notes: string[] = []
  if (verb === 'select' && /count\(/.test(lower)) notes.push('count(*)')
  if (verb === 'select' && / from \(select /.test(lower)) notes.push('subquery')
  const joins = (lower.match(/ join /g) ?? []).length
  if (joins) notes.push(`${joins} join${joins > 1 ? 's' : ''}`)
  if (verb === 'select' && /json_agg|json_build_array|jsonb_agg/.test(lower)) notes.push('json agg')
  if (/ limit /.test(lower) && verb === 'select') notes.push('limit')
  if (/ on conflict /.test(lower)) notes.push('upsert')
  if (/ where false\b/.test(lower)) notes.push('where false')
  if (/ returning /.test(lower)) notes.push('returning')
  if (/ for update/.test(lower)) notes.push('for update')
  if (/ in \(/.test(lower)) notes.push('in (…)')
  return `${verb} ${table}${notes.length ? ` (${notes.join(', ')})` : ''}`
}

/** Statement shapes of a phase, most frequent first. */
export const shapesOf = (statements: Map<string, number>): [string, number][] => {
  const shapes = new Map<string, number>()
  for (const [text, n] of statements) {
    const shape = shapeOf(text)
    shapes.set(shape, (shapes.get(shape) ?? 0) + n)
  }
  return [...shapes].sort((a, b) => b[1] - a[1])
}
