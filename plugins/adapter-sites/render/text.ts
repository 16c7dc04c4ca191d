/** Small pure helpers for bodies, text, dates and XML. */
import { decodeEntities, sanitizeHtml } from '@plugins/publishing/exports/server'

import type { Layout } from './layout'

import { mediaUrl, relativeUrl } from './urls'

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

export const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!)

/** Escapes text for a double-quoted HTML attribute. */
const escapeAttribute = (text: string): string => text.replace(/[&<>"]/g, (ch) => XML_ESCAPES[ch]!)

/**
 * A document's body as the site shows it from the file `fromFile`: images the site carries point
 * at its copies (`media/<file>`), links to `<cmsUrl>/<slug>` at the page or post with that slug,
 * both relative; then the whole body goes through the platform's one HTML policy, last.
 */
export function siteBody(html: string, layout: Layout, fromFile: string): string {
  const { mediaByUrl, slugUrls } = layout
  const cmsUrl = layout.options.cmsUrl
  const rewritten =
    mediaByUrl.size === 0 && !cmsUrl
      ? html
      : html.replace(/(?<=\s)(src|href)="([^"]*)"/g, (whole, attribute: string, value: string) => {
          const url = decodeEntities(value)
          if (attribute === 'src') {
            const file = mediaByUrl.get(url)
            return file
              ? `src="${escapeAttribute(relativeUrl(fromFile, mediaUrl(file.filename)))}"`
              : whole
          }
          if (cmsUrl && url.startsWith(`${cmsUrl}/`)) {
            const rest = url.slice(cmsUrl.length + 1)
            if (!/^[^/?#]+$/.test(rest)) return whole
            let slug: string
            try {
              slug = decodeURIComponent(rest)
            } catch {
              return whole
            }
            const target = slugUrls.get(slug)
            return target === undefined
              ? whole
              : `href="${escapeAttribute(relativeUrl(fromFile, target))}"`
          }
          return whole
        })
  return sanitizeHtml(rewritten)
}

/** Plain text of a body (for a feed item or a description), at most `max` characters. */
export function plainText(html: string, max = 280): string {
  const text = decodeEntities(sanitizeHtml(html).replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
  if (text.length <= max) return text
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

const formats = new Map<string, Intl.DateTimeFormat>()

/** A formatter per language and time zone (making one costs far more than using it). */
const dateFormat = (locale: string, timeZone: string): Intl.DateTimeFormat => {
  const id = `${locale}|${timeZone}`
  let format = formats.get(id)
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone })
    } catch {
      format = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' })
    }
    formats.set(id, format)
  }
  return format
}

/** A date in the site's language and time zone; falls back to English and UTC for unknown ones. */
export function formatDate(iso: string, locale: string, timeZone: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : dateFormat(locale, timeZone).format(date)
}

/** RFC 822 date for RSS (`Mon, 30 Nov 2026 16:48:28 GMT`). */
export const rfc822 = (iso: string): string => {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : date.toUTCString()
}

/** `YYYY-MM-DD` for a sitemap's `lastmod`. */
export const isoDay = (iso: string): string => {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10)
}

/** An absolute URL of a site URL path, for the sitemap, the feed and the meta tags. */
export const absolute = (layout: Layout, url: string): string =>
  layout.options.baseUrl + url.split('/').map(encodeURIComponent).join('/')
