/**
 * Our delivered HTML as native Gutenberg blocks, and WordPress block content back as plain HTML.
 *
 * `toBlocks` reads the HTML the platform delivers (`DeliveryDocument.html`, already through the one
 * HTML policy) and writes each top-level element as the core block WordPress's editor would save
 * for it (WordPress 6.1's `save()` output, attributes JSON serialised as its `serializeAttributes`
 * does), so the block editor shows editable paragraphs, headings, lists, quotes, images, code,
 * tables, separators and embeds and finds nothing "unexpected or invalid". What no block can hold
 * without losing something (a check list, a table cell with a colour or a span, an indented
 * paragraph, any element we do not know) goes out as a Custom HTML block (`core/html`) holding the
 * element as it is. The block table is in README.md.
 *
 * `fromBlocks` is the inverse for two-way sync: it drops the delimiters and undoes the wrappers the
 * blocks add (`<figure class="wp-block-image">`, a quote's inner paragraphs, `has-text-align-*`
 * classes), so content made of these blocks becomes the HTML the platform's HTML-to-rich-text
 * conversion reads as the same structure.
 *
 * Both are pure and deterministic (a hash of what we send decides re-deliveries).
 */
import { JSDOM } from 'jsdom'

/** A block to serialise: its name (`core/` is left out of the delimiter), comment attributes, inner HTML. */
type Block = { name: string; attrs?: Record<string, unknown>; html: string }

const ELEMENT = 1
const TEXT = 3
const COMMENT = 8

/** Block attributes as WordPress's `serializeAttributes` writes them into the delimiter comment. */
export const serializeAttributes = (attrs: Record<string, unknown>): string =>
  JSON.stringify(attrs)
    .replace(/--/g, '\\u002d\\u002d')
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\\"/g, '\\u0022')

/** One block with its comment delimiters, as WordPress's `serializeBlock` writes it. */
export const serializeBlock = ({ name, attrs = {}, html }: Block): string => {
  const short = name.startsWith('core/') ? name.slice(5) : name
  const json = Object.keys(attrs).length > 0 ? ` ${serializeAttributes(attrs)}` : ''
  return `<!-- wp:${short}${json} -->\n${html}\n<!-- /wp:${short} -->`
}

/** Blocks in a row, as WordPress joins them (top level and inner blocks alike). */
const serializeBlocks = (blocks: Block[]): string => blocks.map(serializeBlock).join('\n\n')

/** `&` not starting a character reference, as WordPress's `escapeAmpersand` finds them. */
const AMPERSAND = /&(?!([a-z0-9]+|#[0-9]+|#x[a-f0-9]+);)/gi
/** An attribute value read from the DOM, escaped as WordPress's `escapeAttribute` does (`&`, `"`, `>`). */
const escapeAttribute = (value: string): string =>
  value.replace(AMPERSAND, '&amp;').replace(/"/g, '&quot;').replace(/>/g, '&gt;')
/** Text read from the DOM, escaped as WordPress's `escapeHTML` does (`&`, `<`). */
const escapeText = (value: string): string =>
  value.replace(AMPERSAND, '&amp;').replace(/</g, '&lt;')

const fragmentOf = (html: string): DocumentFragment => JSDOM.fragment(html)

/** The serialised HTML of some nodes (elements as `outerHTML`, text escaped). */
const htmlOf = (nodes: readonly Node[]): string => {
  if (nodes.length === 0) return ''
  const holder = nodes[0]!.ownerDocument!.createElement('div')
  for (const node of nodes) holder.appendChild(node.cloneNode(true))
  return holder.innerHTML
}

const outerHtml = (element: Element): string => element.outerHTML

const isBlank = (node: Node): boolean =>
  node.nodeType === TEXT && (node.textContent ?? '').trim() === ''
const tagOf = (node: Node): string =>
  node.nodeType === ELEMENT ? (node as Element).tagName.toLowerCase() : ''

/** Elements that start a block of their own; anything else at the top level is inline content. */
const BLOCK_TAGS = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'figure',
  'ul',
  'ol',
  'dl',
  'table',
  'img',
])

/** The declarations of a `style` attribute, normalised (`text-align: center;` → `text-align:center`). */
const declarations = (element: Element): Map<string, string> => {
  const result = new Map<string, string>()
  for (const part of (element.getAttribute('style') ?? '').split(';')) {
    const colon = part.indexOf(':')
    if (colon < 0) continue
    const name = part.slice(0, colon).trim().toLowerCase()
    const value = part
      .slice(colon + 1)
      .trim()
      .replace(/\s+/g, ' ')
    if (name) result.set(name, value)
  }
  return result
}

const classesOf = (element: Element): string[] =>
  (element.getAttribute('class') ?? '').split(/\s+/).filter(Boolean)

/**
 * The element's attributes other than the allowed ones; `class` and `style` only count when they
 * hold something beyond `classes` / `styles` (each style is `name` or `name:value`).
 */
const extraAttributes = (
  element: Element,
  allowed: {
    attributes?: string[]
    classes?: (c: string) => boolean
    styles?: (name: string, value: string) => boolean
  },
): boolean => {
  for (const { name } of Array.from(element.attributes)) {
    if (name === 'class') {
      if (classesOf(element).some((c) => !(allowed.classes?.(c) ?? false))) return true
    } else if (name === 'style') {
      for (const [property, value] of declarations(element))
        if (!(allowed.styles?.(property, value) ?? false)) return true
    } else if (!(allowed.attributes ?? []).includes(name)) return true
  }
  return false
}

const ALIGNMENTS = new Set(['left', 'center', 'right'])
/** `text-align` as a block's alignment (`left`, `center`, `right`), or null. */
const alignmentOf = (element: Element): string | null => {
  const value = declarations(element).get('text-align') ?? null
  return value && ALIGNMENTS.has(value) ? value : null
}
const alignStyle = (name: string, value: string): boolean =>
  name === 'text-align' && ALIGNMENTS.has(value)

const html = (element: Element): Block => ({ name: 'core/html', html: outerHtml(element) })

const paragraph = (content: string, align: string | null = null): Block => ({
  name: 'core/paragraph',
  ...(align ? { attrs: { align } } : {}),
  html: `<p${align ? ` class="has-text-align-${align}"` : ''}>${content}</p>`,
})

const toParagraph = (element: Element): Block => {
  if (extraAttributes(element, { styles: alignStyle })) return html(element)
  const only = onlyChild(element)
  const embed =
    only && tagOf(only) === 'a' && !alignmentOf(element) ? toEmbed(only as Element) : null
  return embed ?? paragraph(element.innerHTML, alignmentOf(element))
}

const toHeading = (element: Element): Block => {
  if (extraAttributes(element, { styles: alignStyle })) return html(element)
  const level = Number(tagOf(element).slice(1))
  const textAlign = alignmentOf(element)
  const attrs = { ...(textAlign ? { textAlign } : {}), ...(level !== 2 ? { level } : {}) }
  return {
    name: 'core/heading',
    attrs,
    html: `<h${level}${textAlign ? ` class="has-text-align-${textAlign}"` : ''}>${element.innerHTML}</h${level}>`,
  }
}

/** The child nodes that matter (no blank text, no comments). */
const childrenOf = (element: Node): Node[] =>
  Array.from(element.childNodes).filter((node) => node.nodeType !== COMMENT && !isBlank(node))

const onlyChild = (element: Element): Node | null => {
  const children = childrenOf(element)
  return children.length === 1 ? children[0]! : null
}

/** Lexical's own list classes; `list-check` (a check list) has no block. */
const LIST_CLASSES = new Set(['list-bullet', 'list-number'])

/** A list as `core/list` with `core/list-item` inner blocks; null when some part has no block. */
const listBlock = (list: Element): Block | null => {
  const ordered = tagOf(list) === 'ol'
  if (
    extraAttributes(list, {
      attributes: ordered ? ['start'] : [],
      classes: (c) => LIST_CLASSES.has(c),
    })
  )
    return null
  const items: { content: string; inner: Block[] }[] = []
  let first: number | null = null
  for (const child of childrenOf(list)) {
    if (tagOf(child) !== 'li') return null
    const li = child as Element
    // Lexical's holder of a nested list: no bullet of its own, the list belongs to the item before.
    const holder = classesOf(li).includes('nestedListItem')
    const bad = extraAttributes(li, {
      attributes: ['value'],
      classes: (c) => c === 'nestedListItem',
      styles: (name, value) => holder && name === 'list-style-type' && value === 'none',
    })
    if (bad) return null
    if (first === null && li.hasAttribute('value')) first = Number(li.getAttribute('value'))
    const inline: Node[] = []
    const inner: Block[] = []
    for (const node of Array.from(li.childNodes)) {
      const tag = tagOf(node)
      if (tag === 'ul' || tag === 'ol') {
        const nested = listBlock(node as Element)
        if (!nested) return null
        inner.push(nested)
      } else if (node.nodeType === COMMENT) {
        continue
      } else if (tag !== '' && BLOCK_TAGS.has(tag) && tag !== 'img') {
        return null
      } else {
        inline.push(node)
      }
    }
    const content = htmlOf(inline).trim()
    const previous = items[items.length - 1]
    if (holder && content === '' && previous) previous.inner.push(...inner)
    else items.push({ content, inner })
  }
  const start = Number(list.getAttribute('start') ?? first ?? 1)
  const attrs: Record<string, unknown> = {
    ...(ordered ? { ordered: true } : {}),
    ...(ordered && Number.isInteger(start) && start !== 1 ? { start } : {}),
  }
  const tag = ordered ? 'ol' : 'ul'
  const startAttribute = typeof attrs.start === 'number' ? ` start="${attrs.start}"` : ''
  const innerBlocks = items.map(({ content, inner }) => ({
    name: 'core/list-item',
    html: `<li>${content}${serializeBlocks(inner)}</li>`,
  }))
  return {
    name: 'core/list',
    attrs,
    html: `<${tag}${startAttribute}>${serializeBlocks(innerBlocks)}</${tag}>`,
  }
}

const toList = (element: Element): Block => listBlock(element) ?? html(element)

/** A quote: its paragraphs become inner paragraph blocks (inline content one paragraph), a `<cite>` the citation. */
const toQuote = (element: Element): Block => {
  if (extraAttributes(element, { classes: (c) => c === 'wp-block-quote' })) return html(element)
  const inner: Block[] = []
  let inline: Node[] = []
  let citation: string | null = null
  const flush = () => {
    const content = htmlOf(inline).trim()
    if (content !== '') inner.push(paragraph(content))
    inline = []
  }
  for (const node of Array.from(element.childNodes)) {
    const tag = tagOf(node)
    if (node.nodeType === COMMENT) continue
    if (tag === 'p') {
      flush()
      if (extraAttributes(node as Element, {})) return html(element)
      inner.push(paragraph((node as Element).innerHTML))
    } else if (tag === 'cite' && citation === null && childrenOf(element).at(-1) === node) {
      flush()
      citation = (node as Element).innerHTML
    } else if (tag !== '' && BLOCK_TAGS.has(tag)) {
      return html(element)
    } else {
      inline.push(node)
    }
  }
  flush()
  const cite = citation ? `<cite>${citation}</cite>` : ''
  return {
    name: 'core/quote',
    html: `<blockquote class="wp-block-quote">${serializeBlocks(inner)}${cite}</blockquote>`,
  }
}

/** What the code block's `save()` does to its content (`[` and an isolated URL's `//` as entities). */
const escapeCode = (content: string): string =>
  content.replace(/\[/g, '&#91;').replace(/^(\s*https?:)\/\/([^\s<>"]+\s*)$/m, '$1&#47;&#47;$2')

const toCode = (element: Element): Block => {
  if (extraAttributes(element, { classes: (c) => c === 'wp-block-code' })) return html(element)
  const only = onlyChild(element)
  const code = only && tagOf(only) === 'code' ? (only as Element) : null
  if (code && extraAttributes(code, {})) return html(element)
  const content = code ? code.innerHTML : element.innerHTML
  return {
    name: 'core/code',
    html: `<pre class="wp-block-code"><code>${escapeCode(content)}</code></pre>`,
  }
}

const toSeparator = (element: Element): Block =>
  extraAttributes(element, {})
    ? html(element)
    : { name: 'core/separator', html: '<hr class="wp-block-separator has-alpha-channel-opacity"/>' }

/** The WordPress media id `rewriteImages` wrote into the class (`wp-image-41`). */
const mediaIdOf = (img: Element): number | null => {
  const match = classesOf(img)
    .map((c) => /^wp-image-(\d+)$/.exec(c))
    .find(Boolean)
  return match ? Number(match[1]) : null
}

/**
 * An image as `core/image`: the media id and alt text, the full size (WordPress adds `srcset` and
 * the dimensions when it renders). `width`/`height` are left out: in a block they mean "resized".
 */
const toImage = (img: Element): Block => {
  if (
    extraAttributes(img, {
      attributes: ['src', 'alt', 'width', 'height', 'title'],
      classes: (c) => /^wp-image-\d+$/.test(c),
    })
  ) {
    return html(img)
  }
  const src = img.getAttribute('src')
  if (!src) return html(img)
  const id = mediaIdOf(img)
  const title = img.getAttribute('title')
  const attrs = id !== null ? { id, sizeSlug: 'full', linkDestination: 'none' } : {}
  const image =
    `<img src="${escapeAttribute(src)}" alt="${escapeAttribute(img.getAttribute('alt') ?? '')}"` +
    `${id !== null ? ` class="wp-image-${id}"` : ''}${title !== null ? ` title="${escapeAttribute(title)}"` : ''}/>`
  return {
    name: 'core/image',
    attrs,
    html: `<figure class="wp-block-image${id !== null ? ' size-full' : ''}">${image}</figure>`,
  }
}

/** Providers WordPress embeds by URL: a paragraph holding nothing but a link to one becomes `core/embed`. */
const EMBED_PROVIDERS: { slug: string; type: string; pattern: RegExp }[] = [
  {
    slug: 'youtube',
    type: 'video',
    pattern: /^https?:\/\/((m|www)\.)?youtube\.com\/watch\?\S+$|^https?:\/\/youtu\.be\/\S+$/i,
  },
  { slug: 'vimeo', type: 'video', pattern: /^https?:\/\/(www\.)?vimeo\.com\/\d+\S*$/i },
]

const toEmbed = (link: Element): Block | null => {
  const href = link.getAttribute('href')
  if (!href || link.textContent !== href || link.attributes.length !== 1) return null
  const provider = EMBED_PROVIDERS.find(({ pattern }) => pattern.test(href))
  if (!provider) return null
  const { slug, type } = provider
  return {
    name: 'core/embed',
    attrs: { url: href, type, providerNameSlug: slug },
    html:
      `<figure class="wp-block-embed is-type-${type} is-provider-${slug} wp-block-embed-${slug}">` +
      `<div class="wp-block-embed__wrapper">\n${escapeText(href)}\n</div></figure>`,
  }
}

/** Lexical's table classes and the cell style its converter always writes: presentation a theme gives. */
const TABLE_CLASSES = /^lexical-table(-cell|-cell-header-\d|-row)?$/
const DEFAULT_CELL_STYLE = (name: string, value: string): boolean =>
  (name === 'border' && value === '1px solid #ccc') || (name === 'padding' && value === '8px')

/**
 * A table as `core/table` (all rows in its body, header cells kept as `th`); a cell's paragraphs
 * become its inline content. Spanning or coloured cells, captions and sections other than the body
 * have no place in WordPress 6.1's table block: such a table stays HTML.
 */
const tableBlock = (table: Element): Block | null => {
  const tableStyle = (name: string, value: string) =>
    name === 'border-collapse' && value === 'collapse'
  if (extraAttributes(table, { classes: (c) => TABLE_CLASSES.test(c), styles: tableStyle }))
    return null
  const rows: string[] = []
  for (const section of childrenOf(table)) {
    if (tagOf(section) !== 'tbody' || extraAttributes(section as Element, {})) return null
    for (const row of childrenOf(section)) {
      if (
        tagOf(row) !== 'tr' ||
        extraAttributes(row as Element, { classes: (c) => TABLE_CLASSES.test(c) })
      )
        return null
      const cells: string[] = []
      for (const cell of childrenOf(row)) {
        const tag = tagOf(cell)
        if (tag !== 'td' && tag !== 'th') return null
        if (
          extraAttributes(cell as Element, {
            classes: (c) => TABLE_CLASSES.test(c),
            styles: DEFAULT_CELL_STYLE,
          })
        )
          return null
        const content = cellContent(cell as Element)
        if (content === null) return null
        cells.push(`<${tag}>${content}</${tag}>`)
      }
      rows.push(`<tr>${cells.join('')}</tr>`)
    }
  }
  if (rows.length === 0) return null
  return {
    name: 'core/table',
    html: `<figure class="wp-block-table"><table><tbody>${rows.join('')}</tbody></table></figure>`,
  }
}

/** A cell's content as inline HTML: paragraphs joined by line breaks; null when it holds other blocks. */
const cellContent = (cell: Element): string | null => {
  const children = childrenOf(cell)
  if (!children.some((node) => tagOf(node) === 'p')) return htmlOf(children).trim()
  const lines: string[] = []
  for (const node of children) {
    if (tagOf(node) !== 'p' || extraAttributes(node as Element, {})) return null
    lines.push((node as Element).innerHTML)
  }
  // An empty cell is written by Lexical as an empty paragraph.
  return lines.filter((line) => line !== '<br>').join('<br>')
}

const toTable = (element: Element): Block => tableBlock(element) ?? html(element)

/** Lexical's table wrapper (`<div class="lexical-table-container">`) holding one table. */
const toDiv = (element: Element): Block => {
  const only = onlyChild(element)
  if (
    only &&
    tagOf(only) === 'table' &&
    !extraAttributes(element, { classes: (c) => c === 'lexical-table-container' })
  ) {
    return tableBlock(only as Element) ?? html(element)
  }
  return html(element)
}

const CONVERTERS: Record<string, (element: Element) => Block> = {
  p: toParagraph,
  h1: toHeading,
  h2: toHeading,
  h3: toHeading,
  h4: toHeading,
  h5: toHeading,
  h6: toHeading,
  ul: toList,
  ol: toList,
  blockquote: toQuote,
  pre: toCode,
  hr: toSeparator,
  img: toImage,
  table: toTable,
  div: toDiv,
}

/**
 * Delivered HTML as Gutenberg block markup (see the top of this file). Inline content at the top
 * level (text, a link to a file) becomes a paragraph; blank text between elements is dropped.
 */
export const toBlocks = (input: string): string => {
  const blocks: Block[] = []
  let inline: Node[] = []
  const flush = () => {
    const content = htmlOf(inline).trim()
    if (content !== '') blocks.push(paragraph(content))
    inline = []
  }
  for (const node of Array.from(fragmentOf(input).childNodes)) {
    if (node.nodeType === COMMENT) continue
    const tag = tagOf(node)
    if (tag !== '' && BLOCK_TAGS.has(tag)) {
      flush()
      blocks.push((CONVERTERS[tag] ?? html)(node as Element))
    } else {
      inline.push(node)
    }
  }
  flush()
  return serializeBlocks(blocks)
}

// ---------------------------------------------------------------------------------------- pull

/** A block delimiter comment (`wp:name {...}`, `/wp:name`, `wp:name /`). */
const DELIMITER = /^\s*\/?wp:[a-z][a-z0-9_-]*(\/[a-z][a-z0-9_-]*)?\b/

/** Removes block delimiters, with the line breaks WordPress writes around them. */
const removeDelimiters = (root: Node): void => {
  const isBreaks = (node: Node | null): node is Node =>
    !!node && node.nodeType === TEXT && /^\n+$/.test(node.textContent ?? '')
  for (const node of Array.from(root.childNodes)) {
    if (node.nodeType === COMMENT && DELIMITER.test(node.textContent ?? '')) {
      if (isBreaks(node.previousSibling)) root.removeChild(node.previousSibling)
      if (isBreaks(node.nextSibling)) root.removeChild(node.nextSibling)
      root.removeChild(node)
    } else if (node.nodeType === ELEMENT) removeDelimiters(node)
  }
}

const removeClasses = (element: Element, drop: (c: string) => boolean): void => {
  const kept = classesOf(element).filter((c) => !drop(c))
  if (kept.length > 0) element.setAttribute('class', kept.join(' '))
  else element.removeAttribute('class')
}

/** The classes block `save()` adds that mean nothing outside WordPress. */
const BLOCK_CLASSES =
  /^(wp-block-[a-z0-9_-]+|has-alpha-channel-opacity|size-[a-z0-9_-]+|is-resized|is-type-[a-z0-9_-]+|is-provider-[a-z0-9_-]+)$/

/** Replaces `element` by `nodes`. */
const replaceWith = (element: Element, nodes: Node[]): void => {
  for (const node of nodes) element.parentNode!.insertBefore(node, element)
  element.parentNode!.removeChild(element)
}

const paragraphOf = (document: Document, content: Node[]): Element => {
  const p = document.createElement('p')
  for (const node of content) p.appendChild(node)
  return p
}

/**
 * Block content (WordPress's raw `content`) as plain HTML: delimiters dropped, and the wrappers of
 * image, table, quote, code, separator and embed blocks undone (see the top of this file). Content
 * without blocks (the classic editor's) only loses its comments' block delimiters.
 */
export const fromBlocks = (content: string): string => {
  if (!content.includes('<!-- wp:')) return content
  const fragment = fragmentOf(content)
  removeDelimiters(fragment)
  const document = fragment.ownerDocument
  for (const element of Array.from(
    fragment.querySelectorAll(
      '.has-text-align-left, .has-text-align-center, .has-text-align-right',
    ),
  )) {
    const align = classesOf(element)
      .map((c) => /^has-text-align-(left|center|right)$/.exec(c)?.[1])
      .find(Boolean)!
    removeClasses(element, (c) => c.startsWith('has-text-align-'))
    element.setAttribute(
      'style',
      `text-align: ${align};${element.getAttribute('style') ? ` ${element.getAttribute('style')}` : ''}`,
    )
  }
  // Embeds: the URL as a link of its own, as it was sent.
  for (const figure of Array.from(fragment.querySelectorAll('figure.wp-block-embed'))) {
    const url = (figure.querySelector('.wp-block-embed__wrapper')?.textContent ?? '').trim()
    const a = document.createElement('a')
    a.setAttribute('href', url)
    a.textContent = url
    replaceWith(figure, [paragraphOf(document, [a]), ...captionOf(figure)])
  }
  // Images and tables: the element itself, a caption after it as a paragraph.
  for (const figure of Array.from(
    fragment.querySelectorAll('figure.wp-block-image, figure.wp-block-table'),
  )) {
    const inner = figure.querySelector(':scope > img, :scope > a, :scope > table')
    replaceWith(figure, [...(inner ? [inner] : []), ...captionOf(figure)])
  }
  // Quotes: their paragraphs as the quote's lines, the citation on the last one.
  for (const quote of Array.from(fragment.querySelectorAll('blockquote.wp-block-quote'))) {
    const parts = childrenOf(quote)
    if (!parts.every((node) => tagOf(node) === 'p' || tagOf(node) === 'cite')) continue
    const lines = parts.map((node) =>
      tagOf(node) === 'p' ? (node as Element).innerHTML : (node as Element).outerHTML,
    )
    quote.innerHTML = lines.join('<br>')
  }
  for (const element of Array.from(fragment.querySelectorAll('[class]')))
    removeClasses(element, (c) => BLOCK_CLASSES.test(c))
  // Our check lists (sent as Custom HTML) in the classes the rich-text import reads as a check list.
  for (const checklist of Array.from(fragment.querySelectorAll('ul.list-check'))) {
    checklist.classList.add('contains-task-list')
    for (const item of Array.from(checklist.children))
      if (item.classList.contains('list-item-checkbox')) item.classList.add('task-list-item')
  }
  return htmlOf(Array.from(fragment.childNodes).filter((node) => !isBlank(node)))
}

const captionOf = (figure: Element): Element[] => {
  const caption = figure.querySelector(':scope > figcaption')
  return caption && caption.innerHTML.trim() !== ''
    ? [paragraphOf(figure.ownerDocument, Array.from(caption.childNodes))]
    : []
}
