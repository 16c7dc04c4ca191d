import type { AfterErrorHook } from 'payload'

type PgError = { code?: string; detail?: string; table?: string }

/** PostgreSQL's own error, wherever Drizzle wrapped it (`cause` chain). */
const pgErrorOf = (error: unknown): PgError | null => {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as PgError & { cause?: unknown }
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) return candidate
    current = candidate.cause
  }
  return null
}

const answer = (status: number, message: string) => ({
  status,
  response: { errors: [{ message }] },
})

/** A foreign key failed: which column named what, or who still refers to the row. */
const foreignKeyAnswer = ({ detail, table }: PgError) => {
  const missing = /^Key \((\w+)\)=\(([^)]*)\) is not present in table "(\w+)"/.exec(detail ?? '')
  if (missing) {
    const [, column, value, target] = missing
    return answer(
      400,
      `"${column.replace(/_id$/, '')}" is ${value}, but there is no ${target} with that id.`,
    )
  }
  const referenced = /is still referenced from table "(\w+)"/.exec(detail ?? '')
  return answer(
    409,
    `This cannot be deleted while ${referenced?.[1] ?? table ?? 'other documents'} still refer to it: delete or change those first.`,
  )
}

/**
 * The last line of defence for REST: errors that a request's own values caused answer 4xx with a
 * sentence instead of "Something went wrong." (500). The checks before the operation catch most
 * first; this covers what they cannot see: a draft (drafts skip validation) whose relationship
 * names a document that does not exist, or a query parameter Payload parses as JSON before any
 * hook runs (`?where=abc`).
 */
export const answerRequestMistakes: AfterErrorHook = ({ error }) => {
  // Only Payload's own query parsing: a SyntaxError anywhere else is a bug, not the client's mistake.
  if (error instanceof SyntaxError && /parseParams/.test(error.stack ?? '')) {
    return answer(
      400,
      'A query parameter (such as where, select or sort) is not valid JSON: use where[title][equals]=Hello, or valid JSON.',
    )
  }
  const pg = pgErrorOf(error)
  switch (pg?.code) {
    case '23503': // foreign_key_violation
      return foreignKeyAnswer(pg)
    case '22003': // numeric_value_out_of_range
      return answer(
        400,
        'A number in the request is too large for its field: ids go up to 2147483647.',
      )
    case '22P02': // invalid_text_representation
      return answer(
        400,
        'A value in the request is not written the way its field expects (for example text where a number goes).',
      )
    default:
      return undefined
  }
}
