/** Small, pure HTML text helpers for what WordPress stores and answers. */

export { decodeEntities } from '@plugins/publishing/exports/server'

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
