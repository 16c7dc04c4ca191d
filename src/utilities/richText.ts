import type { Page } from '@/payload-types'

/** Lexical rich text as stored on pages and posts. */
export type RichText = NonNullable<Page['content']>

/** Rich text of one plain paragraph: for seeds, fixtures and benchmarks. */
export const paragraph = (text: string): RichText => ({
  root: {
    type: 'root',
    direction: 'ltr',
    format: '',
    indent: 0,
    version: 1,
    children: [
      {
        type: 'paragraph',
        direction: 'ltr',
        format: '',
        indent: 0,
        version: 1,
        textFormat: 0,
        textStyle: '',
        children: [
          { type: 'text', detail: 0, format: 0, mode: 'normal', style: '', text, version: 1 },
        ],
      },
    ],
  },
})
