/**
 * HTML to rich text (Lexical JSON), for remote content that two-way sync brings in.
 *
 * The conversion is Payload's own (`convertHTMLToLexical` with the editor config of the app's
 * default editor), run on a jsdom document. Remote HTML is untrusted: it goes through the one HTML
 * policy first (`./htmlPolicy`), which drops what may run or load code, with the content of scripts
 * and embedded documents (Lexical would keep a script's text as a paragraph), event-handler
 * attributes, script URLs and comments (WordPress block delimiters among them). Lexical then keeps
 * only what its nodes can hold.
 */
import type { SanitizedConfig } from 'payload'

import { convertHTMLToLexical, editorConfigFactory } from '@payloadcms/richtext-lexical'
import { JSDOM } from 'jsdom'

import { sanitizeHtml } from './htmlPolicy'

type EditorState = ReturnType<typeof convertHTMLToLexical>
type EditorConfig = Awaited<ReturnType<typeof editorConfigFactory.default>>

const editorConfigs = new WeakMap<SanitizedConfig, Promise<EditorConfig>>()

const editorConfigOf = (config: SanitizedConfig): Promise<EditorConfig> => {
  let found = editorConfigs.get(config)
  if (!found) {
    found = editorConfigFactory.default({ config })
    editorConfigs.set(config, found)
  }
  return found
}

/** Remote HTML as the content of a page or post, through the HTML policy first (see above). */
export const htmlToLexical = async (html: string, config: SanitizedConfig): Promise<EditorState> =>
  convertHTMLToLexical({
    editorConfig: await editorConfigOf(config),
    html: sanitizeHtml(html).trim(),
    JSDOM,
  })
