/**
 * The admin components' way to the REST API: same-origin, with the session cookie, and every
 * failure turned into the sentence the server gave (or one that says what happened).
 */
export type ApiResult<T> =
  { ok: true; status: number; data: T } | { ok: false; status: number; message: string }

const messageOf = (body: unknown, status: number): string => {
  if (body && typeof body === 'object') {
    const { errors, message, error } = body as {
      errors?: { message?: string; data?: { errors?: { message?: string }[] } }[]
      message?: string
      error?: string
    }
    // A ValidationError says "The following field is invalid"; the field errors say why.
    const fieldMessages = errors?.[0]?.data?.errors?.map((e) => e.message).filter(Boolean)
    const first = fieldMessages?.length
      ? fieldMessages.join(' ')
      : (errors?.[0]?.message ?? message ?? error)
    if (first)
      return status === 404 && /not found/i.test(first)
        ? `${first} (HTTP 404: this server does not offer it yet).`
        : first
  }
  return `The server answered HTTP ${status}.`
}

export const apiRequest = async <T>(
  api: string,
  path: string,
  init: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown } = {},
): Promise<ApiResult<T>> => {
  try {
    const response = await fetch(`${api}${path}`, {
      method: init.method ?? 'GET',
      credentials: 'include',
      headers: init.body !== undefined ? { 'Content-Type': 'application/json' } : undefined,
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    })
    const text = await response.text()
    let body: unknown = null
    try {
      body = text ? JSON.parse(text) : null
    } catch {
      body = { message: text.slice(0, 200) }
    }
    if (!response.ok)
      return { ok: false, status: response.status, message: messageOf(body, response.status) }
    return { ok: true, status: response.status, data: body as T }
  } catch (error) {
    return {
      ok: false,
      status: 0,
      message: `Could not reach the server: ${(error as Error).message}`,
    }
  }
}

/** `where[a][equals]=1&…` from a flat list of conditions (a list value, for `in`, as `where[a][in][0]=1&…`). */
export const whereQuery = (
  conditions: [string, string, string | number | (string | number)[]][],
  extra: Record<string, string | number> = {},
): string => {
  const params = new URLSearchParams()
  for (const [field, op, value] of conditions) {
    if (Array.isArray(value))
      value.forEach((item, i) => params.append(`where[${field}][${op}][${i}]`, String(item)))
    else params.append(`where[${field}][${op}]`, String(value))
  }
  for (const [key, value] of Object.entries(extra)) params.append(key, String(value))
  return params.toString()
}

/**
 * A date for people: in the browser's locale and time zone, or with `utc` as `2026-11-25 21:40 UTC`
 * (server-rendered screens, which know no reader's time zone). `fallback` stands for no date.
 */
export const formatWhen = (
  value: string | null | undefined,
  { fallback = '—', utc = false }: { fallback?: string; utc?: boolean } = {},
): string => {
  if (!value) return fallback
  const date = new Date(value)
  return utc
    ? `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
