/**
 * HTML to rich text (Lexical JSON), for remote content that two-way sync brings in.
 *
 * The conversion is Payload's own (`convertHTMLToLexical` with the editor config of the app's
 * default editor), run on a jsdom document. Remote HTML is untrusted: before converting, elements
 * that carry code or embed other documents are removed with their contents (Lexical would keep a
 * script's text as a paragraph), as are event-handler attributes and `javascript:` URLs. Lexical
 * keeps only what its nodes can hold, so nothing executable survives.
 */
import type { SanitizedConfig } from 'payload'

import { convertHTMLToLexical, editorConfigFactory } from '@payloadcms/richtext-lexical'
import { JSDOM } from 'jsdom'

type EditorState = ReturnType<typeof convertHTMLToLexical>
type EditorConfig = Awaited<ReturnType<typeof editorConfigFactory.default>>

const DROPPED = 'script, style, iframe, object, embed, noscript, template, form, frame, frameset, link, meta, base'
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formaction', 'xlink:href']

/** Removes what may run or load code; returns the cleaned HTML of the body. */
export const cleanHtml = (html: string): string => {
  const { document } = new JSDOM(`<!doctype html><body>${html}</body>`).window
  for (const element of [...document.body.querySelectorAll(DROPPED)]) element.remove()
  for (const element of [...document.body.querySelectorAll('*')]) {
    for (const { name, value } of [...element.attributes]) {
      const lower = name.toLowerCase()
      if (lower.startsWith('on')) element.removeAttribute(name)
      else if (URL_ATTRIBUTES.includes(lower) && /^\s*(javascript|vbscript|data):/i.test(value.replace(/[\u0000-\u001f]/g, ''))) {
        element.removeAttribute(name)
      }
    }
  }
  // Comments carry nothing for readers (WordPress block delimiters among them).
  const walker = document.createTreeWalker(document.body, 128 /* NodeFilter.SHOW_COMMENT */)
  const comments: Node[] = []
  while (walker.nextNode()) comments.push(walker.currentNode)
  for (const comment of comments) comment.parentNode?.removeChild(comment)
  return document.body.innerHTML.trim()
}

const editorConfigs = new WeakMap<SanitizedConfig, Promise<EditorConfig>>()

const editorConfigOf = (config: SanitizedConfig): Promise<EditorConfig> => {
  let found = editorConfigs.get(config)
  if (!found) {
    found = editorConfigFactory.default({ config })
    editorConfigs.set(config, found)
  }
  return found
}

/** Remote HTML as the content of a page or post, cleaned first (see above). */
export const htmlToLexical = async (html: string, config: SanitizedConfig): Promise<EditorState> =>
  convertHTMLToLexical({ editorConfig: await editorConfigOf(config), html: cleanHtml(html), JSDOM })
