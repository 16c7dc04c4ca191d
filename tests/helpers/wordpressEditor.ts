import { JSDOM, VirtualConsole } from 'jsdom'

import type { WordPressEnv } from './wordpress'

import { wpRequest } from './wordpressRest'

type EditorScript = {
  handle: string
  src: string | null
  data: string
  before: string
  after: string
}

/** A block as the editor's parser gives it (the fields read here). */
type EditorBlock = { name: string; isValid: boolean; innerBlocks: EditorBlock[] }
type WpGlobal = {
  blocks: {
    parse: (content: string) => EditorBlock[]
    serialize: (blocks: EditorBlock[]) => string
  }
  blockLibrary: { registerCoreBlocks: () => void }
}

export type BlockEditor = {
  /**
   * Reads `content` as the block editor does: the names of blocks it finds invalid ("This block
   * contains unexpected or invalid content"), what it logged about them or about blocks it had to
   * migrate from an older form, and the content as it would save it.
   */
  check: (content: string) => { invalid: string[]; messages: string[]; saved: string }
  close: () => void
}

/**
 * The block editor of the test site: its own scripts (block parser, validation, every core block's
 * `save()`), in the order WordPress loads them (the test site's must-use plugin lists them), run in
 * a jsdom window. About 3 s to load.
 */
export const loadBlockEditor = async (wp: WordPressEnv): Promise<BlockEditor> => {
  const { status, body: scripts } = await wpRequest<EditorScript[]>(
    wp,
    'GET',
    '/syndicate-test/v1/editor-scripts',
  )
  if (status !== 200) throw new Error(`GET /syndicate-test/v1/editor-scripts: HTTP ${status}`)
  const sources = await Promise.all(
    scripts.map(async ({ src }) => {
      if (!src) return ''
      const response = await fetch(src)
      if (!response.ok) throw new Error(`GET ${src}: HTTP ${response.status}`)
      return response.text()
    }),
  )
  const messages: string[] = []
  const virtualConsole = new VirtualConsole()
  for (const level of ['error', 'warn', 'info', 'log'] as const) {
    virtualConsole.on(level, (...args: unknown[]) => messages.push(args.map(String).join(' ')))
  }
  const dom = new JSDOM('<!doctype html><html><body></body></html>', {
    url: `${wp.url}/wp-admin/post-new.php`,
    runScripts: 'outside-only',
    pretendToBeVisual: true,
    virtualConsole,
  })
  const window = dom.window as unknown as {
    eval: (code: string) => unknown
    wp: WpGlobal
    matchMedia: unknown
  }
  window.matchMedia = () => ({
    matches: false,
    addListener() {},
    removeListener() {},
    addEventListener() {},
    removeEventListener() {},
  })
  scripts.forEach(({ data, before, after }, i) => {
    for (const code of [data, before, sources[i]!, after]) if (code) window.eval(code)
  })
  window.wp.blockLibrary.registerCoreBlocks()
  messages.length = 0

  const invalidOf = (blocks: EditorBlock[]): string[] =>
    blocks.flatMap((block) => [
      ...(block.isValid ? [] : [block.name]),
      ...invalidOf(block.innerBlocks),
    ])

  return {
    check: (content) => {
      messages.length = 0
      const blocks = window.wp.blocks.parse(content)
      return {
        invalid: invalidOf(blocks),
        messages: [...messages],
        saved: window.wp.blocks.serialize(blocks),
      }
    },
    close: () => dom.window.close(),
  }
}
