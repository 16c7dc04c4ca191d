/** Small, pure HTML text helpers for what WordPress stores and answers. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/**
 * Escapes plain text for a WordPress field that holds HTML (title, excerpt), so that a title such
 * as `Why <script> matters` stays text. WordPress shows `&amp;` in a title as `&`, as it does for
 * titles its own editor saved for users without `unfiltered_html`.
 */
export const escapeText = (text: string): string => text.replace(/[&<>]/g, (ch) => ESCAPES[ch]!)

/** Escapes text for a double-quoted HTML attribute. */
export const escapeAttribute = (text: string): string =>
  text.replace(/[&<>"]/g, (ch) => ESCAPES[ch]!)

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
}

/**
 * Decodes the character references WordPress puts into text: numeric ones (`&#8217;`, `&#x27;`)
 * and the usual named ones. Term names come back escaped (`News &amp; Views`) even in edit context.
 * Unknown named references are left alone.
 */
export const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10)
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole
    }
    return NAMED[ref.toLowerCase()] ?? whole
  })
