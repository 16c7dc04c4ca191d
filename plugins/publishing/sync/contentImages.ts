import type { PayloadRequest } from 'payload'

import type { AdapterFetch } from '../types'

import { decodeEntities } from '../content/entities'
import { importImage } from './importImage'

type Node = Record<string, unknown> & { children?: unknown[] }

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Each `<img>`'s alt text by its `src`, from the remote HTML (Lexical keeps no alt on an upload node). */
const altsBySrc = (html: string): Map<string, string> => {
  const alts = new Map<string, string>()
  for (const [tag] of html.matchAll(/<img\b[^>]*>/gi)) {
    const src = /\ssrc="([^"]*)"/i.exec(tag)?.[1]
    if (!src) continue
    alts.set(decodeEntities(src), decodeEntities(/\salt="([^"]*)"/i.exec(tag)?.[1] ?? ''))
  }
  return alts
}

/**
 * Turns the pending upload nodes Lexical makes of remote `<img>` tags (a `src`, no media) into
 * upload nodes of media of `site`: each image imported once (importImage finds one with the same
 * bytes), so the content validates and the next push sends the image back. An image that cannot
 * be a media (not http(s), not an image) is left out; a download that fails fails the item, to be
 * tried again at the next sync.
 */
export const importContentImages = async <T>(
  req: PayloadRequest,
  content: T,
  { html, site, fetch, title }: { html: string; site: number; fetch: AdapterFetch; title: string },
): Promise<T> => {
  const alts = altsBySrc(html)
  const imported = new Map<string, number | null>()
  const visit = async (node: Node): Promise<Node | null> => {
    if (node.type === 'upload' && isNode(node.pending)) {
      const src = typeof node.pending.src === 'string' ? node.pending.src : ''
      if (!imported.has(src)) {
        const url = /^https?:\/\//i.test(src) ? src : null
        imported.set(
          src,
          url
            ? await importImage(req, {
                site,
                image: { url, alt: alts.get(src) ?? '', filename: null, sourceId: null },
                fetch,
                fallbackAlt: title,
              })
            : null,
        )
      }
      const id = imported.get(src)
      if (!id) return null
      const { pending, ...rest } = node
      return {
        ...rest,
        id: typeof pending.formID === 'string' ? pending.formID : undefined,
        fields: {},
        relationTo: 'media',
        value: id,
      }
    }
    if (!Array.isArray(node.children)) return node
    const children: unknown[] = []
    for (const child of node.children) {
      const next = isNode(child) ? await visit(child) : child
      if (next) children.push(next)
    }
    return { ...node, children }
  }
  if (!isNode(content) || !isNode(content.root)) return content
  return { ...content, root: await visit(content.root) } as T
}
