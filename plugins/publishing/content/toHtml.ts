/**
 * Rich text (Lexical JSON) to HTML, for delivery to destinations.
 *
 * Every destination adapter receives a page's or post's `content` as HTML (`DeliveryDocument.html`).
 * The conversion is Payload's own (`convertLexicalToHTMLAsync` with its default converters), with
 * the few converters that matter off-site replaced:
 *
 * - uploads: a plain `<img>` whose `src` is an absolute URL a remote site can fetch (Payload's
 *   converter emits a `<picture>` with relative URLs), and every image is reported in `images`
 *   so that adapters can copy the files into the destination's own media library;
 * - links: relative and internal links become absolute URLs on this CMS, since a relative link on
 *   another host points at nothing;
 * - list items: Payload's converter gives each check-list item a random id, which would change
 *   the HTML on every call (and spreads every item over several lines);
 * - relationship and unknown nodes: Payload has no converter for them and would deliver the
 *   placeholder `<span>unknown node</span>` to a live site.
 *
 * References stay inside the document's site: an internal link or a relationship node resolves only
 * to a *published* page or post *of the same site*, and an upload only to media of the same site.
 * Anything else (another site's document, a draft, a missing one) renders as the link's own text,
 * or as nothing, so that neither a preview nor a delivery names what its reader may not see.
 *
 * Whatever the converters write then goes through the one HTML policy (`./htmlPolicy`): a node's
 * JSON is whatever an editor sent, and some of Payload's converters do not escape what they copy.
 *
 * The output must be deterministic: a hash of the HTML decides whether a remote copy needs to be
 * delivered again, so the same content must always give byte-identical HTML.
 */
import type { CollectionSlug, Payload, PayloadRequest, Where } from 'payload'

import {
  type SerializedAutoLinkNode,
  type SerializedLinkNode,
  type SerializedListItemNode,
  type SerializedRelationshipNode,
  type SerializedUploadNode,
} from '@payloadcms/richtext-lexical'
import {
  convertLexicalToHTMLAsync,
  defaultHTMLConvertersAsync,
  type HTMLConverterAsync,
  type HTMLConvertersAsync,
} from '@payloadcms/richtext-lexical/html-async'
import { sanitizeUrl } from 'payload/shared'

import { readRegistry } from '../registry'
import { readId } from '../utilities/ids'
import { escapeHtml } from './entities'
import { sanitizeHtml } from './htmlPolicy'

export type HtmlOptions = {
  payload: Payload
  /**
   * The request to read linked documents with. Pass the hook's `req` when converting inside a
   * transaction, so that uploads and linked pages saved in the same transaction are seen.
   */
  req?: PayloadRequest
  /** Public base URL of this CMS, e.g. 'https://cms.example.com', no trailing slash. */
  serverURL: string
  /** The id of the site the content belongs to: references resolve within this site only. */
  site: number
}

/** An image found in the content. Shaped to be usable as a `DeliveryImage` (see ../types.ts). */
export type HtmlImage = {
  id: number
  /** Absolute URL of the original file. */
  url: string
  alt: string
  mimeType?: string | null
  filename?: string | null
  width?: number | null
  height?: number | null
}

export type HtmlResult = {
  html: string
  /** Images inside the content, in order of first appearance, each once. */
  images: HtmlImage[]
}

/**
 * Collections whose documents an internal link or a relationship node can point at: those the
 * publishing plugin publishes (each has a `site`, a `slug` and drafts), none without the plugin.
 */
const linkableCollections = (payload: Payload): ReadonlySet<string> =>
  new Set(readRegistry(payload.config)?.options.collections ?? [])

/** Collections an upload node can show (each has a `site` field). */
const UPLOAD_COLLECTIONS = new Set(['media'])

type ConverterFn = Extract<HTMLConverterAsync, (...args: never[]) => unknown>
type ConverterArgs = Parameters<ConverterFn>[0]

/** The fields of an upload document this module reads (the `media` collection's, in practice). */
type UploadDoc = {
  id?: number | string
  url?: string | null
  alt?: string | null
  mimeType?: string | null
  filename?: string | null
  width?: number | null
  height?: number | null
}

/** The fields of a linked page or post this module reads. */
type LinkedDoc = { id?: number | string; slug?: string | null; title?: string | null }

/**
 * Makes a root-relative URL (`/api/media/file/a.png`) absolute on `serverURL`.
 *
 * Only paths starting with a single `/` are rewritten: absolute URLs (`https:`, `mailto:`, ...)
 * are already usable anywhere, protocol-relative ones (`//host/...`) name their own host, and
 * fragment or document-relative references (`#top`, `./x`) mean something only where they are,
 * so rewriting them would change their meaning. Empty input gives `null`.
 */
export function absoluteUrl(url: string | null | undefined, serverURL: string): string | null {
  if (url === null || url === undefined || url === '') return null
  if (url.startsWith('/') && !url.startsWith('//')) return `${serverURL.replace(/\/+$/, '')}${url}`
  return url
}

/**
 * Converts Lexical rich text to HTML for a destination, with absolute URLs for media and links.
 *
 * - `null`/`undefined` content, or an editor state without text, gives `{ html: '', images: [] }`.
 * - Anything that is not Lexical JSON (an object whose `root` has a `children` array) throws.
 * - Uploads and internal links are read from the database by id (whether or not `content` came
 *   with them populated), so that the same content gives the same HTML however it was loaded.
 *   They are read without the visitor's access, by the rule above instead: the same site, and for
 *   pages and posts their published version, whoever converts (a preview or a delivery).
 * - The HTML has been through the HTML policy (`sanitizeHtml`).
 * - A node that fails to convert (e.g. the database is unreachable while reading an upload) makes
 *   the whole conversion throw. Payload's converter would leave the node out and carry on, and a
 *   copy with silently missing pieces would then be delivered.
 *
 * @throws Error when `content` is not Lexical JSON or a node cannot be converted.
 */
export async function lexicalToHtml(content: unknown, options: HtmlOptions): Promise<HtmlResult> {
  if (content === null || content === undefined) return { html: '', images: [] }
  const data = asEditorState(content)

  const { payload, req, serverURL, site } = options
  const linkable = linkableCollections(payload)

  /** Document `id` of `collection` if it belongs to the site (and, when asked, is published). */
  const readInSite = async <T>(
    collection: string,
    id: number,
    { published, select }: { published: boolean; select?: Record<string, true> },
  ): Promise<T | null> => {
    const where: Where = {
      and: [
        { id: { equals: id } },
        { site: { equals: site } },
        ...(published ? [{ _status: { equals: 'published' } }] : []),
      ],
    }
    const { docs } = await payload.find({
      collection: collection as CollectionSlug,
      where,
      limit: 1,
      pagination: false,
      depth: 0,
      draft: false,
      overrideAccess: true,
      ...(select ? { select } : {}),
      ...(req ? { req } : {}),
    })
    return (docs[0] as T | undefined) ?? null
  }

  const images: HtmlImage[] = []
  const failures: { type: string; error: unknown }[] = []

  /** `/${slug}` on this CMS for a page or post, or null when the target is gone or not linkable. */
  const linkedDocument = async (
    relationTo: string,
    value: unknown,
  ): Promise<{ href: string; title: string } | null> => {
    if (!linkable.has(relationTo)) return null
    const id = readId(value)
    if (id === null) return null
    const doc = await readInSite<LinkedDoc>(relationTo, id, {
      published: true,
      select: { slug: true, title: true },
    })
    if (!doc || typeof doc.slug !== 'string' || doc.slug === '') return null
    // The href is the linked document's slug path (`/${slug}`) made absolute on this CMS. Not a
    // relative path: on the destination's host it would point at nothing. Not the linked
    // document's URL at this destination either: that copy may not exist (yet), and the HTML must
    // not depend on per-destination state or it would hash differently per delivery. Parent pages
    // are not part of the path, and the address is only live once something serves pages at
    // `serverURL/<slug>` (today this app serves the admin and the API only).
    const href = absoluteUrl(`/${encodeURIComponent(doc.slug)}`, serverURL) ?? '#'
    return { href, title: typeof doc.title === 'string' ? doc.title : doc.slug }
  }

  const link = async ({
    node,
    nodesToHTML,
    providedStyleTag,
  }: {
    node: SerializedLinkNode | SerializedAutoLinkNode
    nodesToHTML: ConverterArgs['nodesToHTML']
    providedStyleTag: string
  }): Promise<string> => {
    const children = (await nodesToHTML({ nodes: node.children })).join('')
    const fields = node.fields
    let href: string | null
    if (fields.linkType === 'internal') {
      const target = fields.doc
        ? await linkedDocument(fields.doc.relationTo, fields.doc.value)
        : null
      href = target?.href ?? null
    } else {
      href = absoluteUrl(sanitizeUrl(fields.url ?? ''), serverURL)
    }
    // An internal link whose target is gone (or a link without a URL) keeps its text, unlinked,
    // rather than becoming a dead `href="#"` on the remote site.
    if (href === null) return children
    const newTab = fields.newTab ? ' target="_blank" rel="noopener noreferrer"' : ''
    return `<a${providedStyleTag} href="${escapeHtml(href)}"${newTab}>${children}</a>`
  }

  const converters: HTMLConvertersAsync = {
    ...defaultHTMLConvertersAsync,

    link: (args: ConverterArgs) => link({ ...args, node: args.node as SerializedLinkNode }),
    autolink: (args: ConverterArgs) => link({ ...args, node: args.node as SerializedAutoLinkNode }),

    upload: async ({ node: raw, providedStyleTag }: ConverterArgs): Promise<string> => {
      const node = raw as SerializedUploadNode
      const id = readId(node.value)
      if (id === null || !UPLOAD_COLLECTIONS.has(node.relationTo)) return ''
      const doc = await readInSite<UploadDoc>(node.relationTo, id, { published: false })
      // A deleted upload, or another site's, renders as nothing, as a deleted one does in Payload.
      if (!doc) return ''
      const url = absoluteUrl(doc.url, serverURL)
      if (url === null) return ''
      const mimeType = doc.mimeType ?? null
      const filename = doc.filename ?? null
      if (!mimeType?.startsWith('image/')) {
        return `<a${providedStyleTag} href="${escapeHtml(url)}">${escapeHtml(filename ?? url)}</a>`
      }
      // The upload node may carry its own alt text (upload fields), which wins, as in Payload.
      const nodeAlt = node.fields?.alt
      const alt = typeof nodeAlt === 'string' && nodeAlt !== '' ? nodeAlt : (doc.alt ?? '')
      const width = typeof doc.width === 'number' ? ` width="${doc.width}"` : ''
      const height = typeof doc.height === 'number' ? ` height="${doc.height}"` : ''
      const imageId = typeof doc.id === 'number' ? doc.id : id
      if (!images.some((image) => image.id === imageId)) {
        images.push({
          id: imageId,
          url,
          alt,
          mimeType,
          filename,
          width: doc.width ?? null,
          height: doc.height ?? null,
        })
      }
      return `<img${providedStyleTag} src="${escapeHtml(url)}" alt="${escapeHtml(alt)}"${width}${height} />`
    },

    // Payload's list item spreads its tag over several lines with empty `class` and `style`
    // attributes, and gives each check-list item a random id (to tie <input> to <label>), which
    // would change the HTML on every call. This one is compact and the same on every call: a
    // check-list item holds a disabled checkbox, which needs no id.
    listitem: async ({
      node: raw,
      parent,
      providedCSSString,
      nodesToHTML,
    }: ConverterArgs): Promise<string> => {
      const node = raw as SerializedListItemNode
      const listType = 'listType' in parent ? parent.listType : undefined
      const hasSubLists = node.children.some((child) => child.type === 'list')
      const children = (await nodesToHTML({ nodes: node.children })).join('')
      const classes: string[] = []
      let css = providedCSSString
      let prefix = ''
      if (listType === 'check') {
        classes.push('list-item-checkbox')
        css = `list-style-type: none;${css}`
        if (!hasSubLists) {
          classes.push(node.checked ? 'list-item-checkbox-checked' : 'list-item-checkbox-unchecked')
          prefix = `<input type="checkbox" disabled${node.checked ? ' checked' : ''} /> `
        }
      }
      if (hasSubLists) {
        // An item that only holds a nested list shows no bullet of its own, as in Payload.
        classes.push('nestedListItem')
        if (listType !== 'check') css = `list-style-type: none;${css}`
      }
      const value =
        listType === 'number' && typeof node.value === 'number' ? ` value="${node.value}"` : ''
      const attributes =
        (classes.length ? ` class="${classes.join(' ')}"` : '') +
        (css ? ` style="${escapeHtml(css)}"` : '') +
        value
      return `<li${attributes}>${prefix}${children}</li>`
    },

    relationship: async ({ node: raw, providedStyleTag }: ConverterArgs): Promise<string> => {
      const node = raw as SerializedRelationshipNode
      const target = await linkedDocument(node.relationTo, node.value)
      // A reference to anything but a page or post has no public address to point at.
      if (!target) return ''
      return `<p${providedStyleTag}><a href="${escapeHtml(target.href)}">${escapeHtml(target.title)}</a></p>`
    },

    // Payload's table cell writes `headerState`, `colSpan` and `rowSpan` into its markup as they
    // come, unescaped. The HTML policy makes that harmless; reading them as the small integers they
    // are meant to be also keeps a hostile value's debris out of the cell.
    tablecell: (args: ConverterArgs) => {
      const node = args.node as ConverterArgs['node'] & {
        headerState?: unknown
        colSpan?: unknown
        rowSpan?: unknown
      }
      const cell = {
        ...node,
        headerState: smallInteger(node.headerState, 0),
        colSpan: smallInteger(node.colSpan, 1),
        rowSpan: smallInteger(node.rowSpan, 1),
      }
      return (defaultHTMLConvertersAsync.tablecell as ConverterFn)({ ...args, node: cell })
    },

    // Nodes without a converter (blocks, features added later): keep their text, drop the wrapper.
    unknown: async ({ node, nodesToHTML }: ConverterArgs): Promise<string> => {
      const children = (node as { children?: unknown }).children
      if (!Array.isArray(children)) return ''
      return (await nodesToHTML({ nodes: children })).join('')
    },
  }

  const html = await convertLexicalToHTMLAsync({
    converters: guardConverters(converters, failures),
    data,
    disableContainer: true,
  })

  if (failures.length > 0) {
    const { type, error } = failures[0]!
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `Could not convert the rich text to HTML: ${failures.length} node(s) failed, first a "${type}" node: ${reason}`,
      { cause: error },
    )
  }
  return { html: sanitizeHtml(html), images }
}

type EditorState = Parameters<typeof convertLexicalToHTMLAsync>[0]['data']

/** Checks the outer shape of Lexical JSON; the nodes themselves are checked as they convert. */
function asEditorState(content: unknown): EditorState {
  const root = isObject(content) ? content.root : undefined
  if (!isObject(root) || !Array.isArray(root.children)) {
    const got = Array.isArray(content)
      ? 'an array'
      : isObject(content)
        ? 'an object without a root node'
        : typeof content
    throw new Error(
      `lexicalToHtml: the content is not Lexical JSON (expected an object with a "root" node holding "children", got ${got}).`,
    )
  }
  return content as EditorState
}

/**
 * Wraps every converter (blocks' included) so that an exception is recorded instead of being
 * swallowed: `convertLexicalNodesToHTMLAsync` logs a failing node and leaves it out of the HTML.
 */
function guardConverters(
  converters: HTMLConvertersAsync,
  failures: { type: string; error: unknown }[],
): HTMLConvertersAsync {
  const guard = (converter: unknown): unknown => {
    if (typeof converter === 'function') {
      const convert = converter as ConverterFn
      return async (args: ConverterArgs): Promise<string> => {
        try {
          return await convert(args)
        } catch (error) {
          failures.push({ type: args.node.type, error })
          return ''
        }
      }
    }
    if (isObject(converter)) {
      // `blocks` and `inlineBlocks`: one converter per block type.
      return Object.fromEntries(
        Object.entries(converter).map(([blockType, inner]) => [blockType, guard(inner)]),
      )
    }
    return converter
  }
  return guard(converters) as HTMLConvertersAsync
}

/** `value` if it is an integer from 0 to 1000, else `fallback`. */
function smallInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1000
    ? value
    : fallback
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
