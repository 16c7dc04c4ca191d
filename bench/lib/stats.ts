/** Value at quantile `q` (0..1) of `values`, nearest-rank. */
export const quantile = (values: readonly number[], q: number): number => {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)))
  return sorted[rank - 1]!
}

export const median = (values: readonly number[]): number => {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export const mean = (values: readonly number[]): number =>
  values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : Number.NaN

export const fixed = (value: number, digits = 1): string =>
  Number.isFinite(value) ? value.toFixed(digits) : '—'

export type Align = 'l' | 'r'

/** Formats rows as an aligned text table with a header rule. */
export const table = (headers: string[], rows: string[][], align: Align[] = []): string => {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const cell = (text: string, i: number) =>
    (align[i] ?? 'l') === 'r' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)
  const line = (cells: string[]) =>
    `  ${cells
      .map((c, i) => cell(c, i))
      .join('  ')
      .trimEnd()}`
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n')
}
