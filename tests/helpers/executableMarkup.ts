/**
 * What in a piece of HTML could run code, parsed as a browser would (jsdom): the assertion every
 * HTML-policy test shares. Returns a sentence per finding; an empty list means none.
 */
import { JSDOM } from 'jsdom'

/** Elements that run code, embed another document, submit data or change how URLs resolve. */
const FORBIDDEN_ELEMENTS = [
  'script',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'base',
  'form',
  'meta',
  'link',
  'style',
  'svg',
  'math',
  'template',
  'noscript',
]
/** Attributes a browser loads or navigates to. */
const URL_ATTRIBUTES = [
  'href',
  'src',
  'action',
  'formaction',
  'xlink:href',
  'data',
  'poster',
  'background',
  'cite',
  'srcset',
  'ping',
]
const IMAGE_DATA_URL = /^data:image\/(png|gif|jpe?g|webp|avif|bmp)[;,]/
/** CSS that runs code or loads a resource. */
const UNSAFE_CSS =
  /expression\s*\(|url\s*\(|javascript:|vbscript:|behaviou?r\s*:|-moz-binding|@import/i

/** A URL as a browser reads its scheme: control characters and spaces do not count. */
// eslint-disable-next-line no-control-regex -- the control characters are what it removes
const schemeView = (url: string): string => url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase()

const unsafeUrl = (element: Element, name: string, value: string): boolean => {
  const url = schemeView(value)
  if (/^(javascript|vbscript|livescript|mocha):/.test(url)) return true
  if (!url.startsWith('data:')) return false
  return !(element.tagName === 'IMG' && name === 'src' && IMAGE_DATA_URL.test(url))
}

/** One window for every check: parsing a document with its DOMParser is cheaper than a new JSDOM. */
const { DOMParser } = new JSDOM('').window

export const executableMarkup = (html: string): string[] => {
  const document = new DOMParser().parseFromString(
    `<!doctype html><html><body>${html}</body></html>`,
    'text/html',
  )
  const found: string[] = []
  for (const element of document.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase()
    if (['html', 'head', 'body'].includes(tag) && element.attributes.length === 0) continue
    if (FORBIDDEN_ELEMENTS.includes(tag)) found.push(`a <${tag}> element`)
    for (const { name, value } of element.attributes) {
      const lower = name.toLowerCase()
      if (lower.startsWith('on')) found.push(`an event handler ${name} on <${tag}>`)
      else if (lower === 'srcdoc') found.push(`a srcdoc on <${tag}>`)
      else if (URL_ATTRIBUTES.includes(lower) && unsafeUrl(element, lower, value))
        found.push(`a ${name}="${value}" on <${tag}>`)
      else if (lower === 'style' && UNSAFE_CSS.test(value))
        found.push(`a style="${value}" on <${tag}>`)
    }
  }
  return found
}
