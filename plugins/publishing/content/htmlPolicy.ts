/**
 * The one HTML policy for every piece of HTML this platform produces or takes in: the preview,
 * what every adapter delivers (`DeliveryDocument.html`), the hosted sites to come, and remote HTML
 * that two-way sync brings in before it becomes rich text.
 *
 * Why a policy and not careful converters: Payload's default Lexical converters write some node
 * properties into attributes without escaping (a table cell's `headerState`, `colSpan`), and a
 * node's JSON is whatever an editor sent over REST. So the converters' output is treated as
 * untrusted and re-serialised here by a maintained sanitiser (sanitize-html): only allow-listed
 * tags, attributes, URL schemes and CSS declarations survive, every text and attribute is escaped
 * again, comments are dropped, and the content of code-carrying elements (`script`, `style`,
 * `iframe`, ...) goes with them. The policy never adds anything that depends on time or chance,
 * so the output stays deterministic: its hash decides re-deliveries.
 */
import sanitize, { type IOptions, type Transformer } from 'sanitize-html'

/** Tags a page or post may contain: what the rich-text converters write, and plain prose markup. */
const TAGS = [
  // blocks
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
  'br',
  'figure',
  'figcaption',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'caption',
  'colgroup',
  'col',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  // inline
  'a',
  'abbr',
  'b',
  'bdi',
  'bdo',
  'cite',
  'code',
  'del',
  'dfn',
  'em',
  'i',
  'ins',
  'kbd',
  'mark',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strong',
  'sub',
  'sup',
  'time',
  'u',
  'var',
  'wbr',
  'img',
  // the disabled checkbox of a check-list item (see `input` below)
  'input',
]

/**
 * Elements whose content is code, another document or form controls: dropped with everything
 * inside them (any other disallowed tag is dropped but keeps its text, escaped).
 */
const DROPPED_WITH_CONTENT = [
  'script',
  'style',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'textarea',
  'select',
  'option',
  'title',
  'xmp',
  'plaintext',
]

const ATTRIBUTES: IOptions['allowedAttributes'] = {
  '*': ['class', 'dir', 'lang', 'title', 'style'],
  a: ['href', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan', 'scope'],
  col: ['span'],
  colgroup: ['span'],
  ol: ['start', 'reversed', 'type'],
  li: ['value'],
  blockquote: ['cite'],
  q: ['cite'],
  time: ['datetime'],
  input: [{ name: 'type', multiple: false, values: ['checkbox'] }, 'checked', 'disabled'],
}

const LENGTH = /^\d{1,4}(\.\d{1,3})?(px|em|rem|%)$/
/** Hex, rgb()/rgba(), hsl()/hsla() or a CSS name: the shapes Payload's `isSafeCssColor` accepts. */
const COLOR = /^(#[0-9a-f]{3,8}|rgba?\([\d,.\s/%]+\)|hsla?\([\d,.\s/%deg]+\)|[a-z]{3,24})$/i

/**
 * CSS declarations allowed in a `style` attribute: those the converters write (alignment, indent,
 * list markers, text decoration, table borders and cell colours), each with a value pattern, so
 * no `url()`, `expression()` or layout that could cover the page gets through.
 */
const STYLES: IOptions['allowedStyles'] = {
  '*': {
    'text-align': [/^(left|right|center|justify|start|end)$/],
    'padding-inline-start': [LENGTH],
    'list-style-type': [
      /^(none|disc|circle|square|decimal|lower-alpha|upper-alpha|lower-roman|upper-roman)$/,
    ],
    'text-decoration': [
      /^(none|underline|line-through|overline)( (underline|line-through|overline))*$/,
    ],
    'border-collapse': [/^(collapse|separate)$/],
    border: [/^\d{1,2}px (solid|dashed|dotted|double|none)( (#[0-9a-f]{3,8}|[a-z]{3,24}))?$/i],
    padding: [LENGTH],
    color: [COLOR],
    'background-color': [COLOR],
  },
}

/** Image data URLs that a browser decodes as pictures, never as documents or scripts. */
const IMAGE_DATA_URL = /^data:image\/(png|gif|jpe?g|webp|avif|bmp)[;,]/i

/** How browsers read a URL's scheme: control characters and spaces inside it do not count. */
// eslint-disable-next-line no-control-regex -- the control characters are what it removes
const schemeView = (url: string): string => url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase()

/** A link opened in a new tab cannot reach back to the opener (`window.opener`). */
const link: Transformer = (tagName, attribs) => {
  const { target, rel, ...rest } = attribs
  if (target === '_blank')
    return { tagName, attribs: { ...rest, target, rel: 'noopener noreferrer' } }
  return { tagName, attribs: rel ? { ...rest, rel } : rest }
}

/** `data:` is allowed for images only, and only for raster image types. */
const image: Transformer = (tagName, attribs) => {
  const { src, ...rest } = attribs
  if (src === undefined) return { tagName, attribs }
  const scheme = schemeView(src)
  if (scheme.startsWith('data:') && !IMAGE_DATA_URL.test(scheme)) return { tagName, attribs: rest }
  return { tagName, attribs }
}

const OPTIONS: IOptions = {
  allowedTags: TAGS,
  allowedAttributes: ATTRIBUTES,
  allowedStyles: STYLES,
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  nonTextTags: DROPPED_WITH_CONTENT,
  transformTags: { a: link, img: image },
  // An `<input>` is only ever the disabled checkbox of a check-list item.
  exclusiveFilter: (frame) => frame.tag === 'input' && frame.attribs.type !== 'checkbox',
}

/**
 * Applies the HTML policy (see the top of this file) to `html`: the result holds only allowed
 * markup, escaped, and is the same for the same input on every call.
 */
export const sanitizeHtml = (html: string): string => (html === '' ? '' : sanitize(html, OPTIONS))
