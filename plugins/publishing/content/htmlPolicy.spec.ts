import fc from 'fast-check'

import { executableMarkup } from '../../../tests/helpers/executableMarkup'
import { sanitizeHtml } from './htmlPolicy'

/** Fragments an attacker would try, mixed into arbitrary strings below. */
const HOSTILE = [
  '"',
  "'",
  '<',
  '>',
  '&',
  '`',
  '=',
  '/',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '<img src=x onerror=alert(1)>',
  '" onerror="alert(1)',
  "' onmouseover='alert(1)'",
  '<script>alert(1)</script>',
  '<svg onload=alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<a href="javascript:alert(1)">',
  '<a href=" JaVa&#x09;ScRiPt:alert(1)">',
  '<img src="data:text/html,<script>alert(1)</script>">',
  '<form action="javascript:alert(1)"><button>',
  '<base href="//evil.example/">',
  '<style>*{}</style>',
  '<p style="background:url(javascript:alert(1))">',
  '<p style="width:expression(alert(1))">',
  '<!--',
  '-->',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<body onload=alert(1)>',
  '<object data="data:text/html,x">',
  '<embed src="javascript:alert(1)">',
  '<input type=text>',
]
const hostileHtml = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string()), { maxLength: 12 })
  .map((parts) => parts.join(''))

describe('sanitizeHtml', () => {
  it('keeps what the rich-text converters write', () => {
    const html =
      '<h2 style="text-align:center">Title</h2><p style="padding-inline-start:40px"><strong>a</strong> <em>b</em> ' +
      '<span style="text-decoration:underline">c</span> <a href="https://x.example/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">d</a></p>' +
      '<ul class="list-check"><li class="list-item-checkbox" style="list-style-type:none"><input type="checkbox" disabled checked /> e</li></ul>' +
      '<img src="https://cms.example/api/media/file/a.png" alt="A &quot;b&quot;" width="32" height="24" /><hr /><br />'
    expect(sanitizeHtml(html)).toBe(html)
    const table =
      '<table><tbody><tr><td class="c" colspan="2" style="border:1px solid #ccc;padding:8px;background-color:#fafafa">f</td></tr></tbody></table>'
    expect(sanitizeHtml(table)).toBe(table)
  })

  it('removes scripts, embedded documents, event handlers and script URLs, keeping the text', () => {
    const html = [
      '<!-- wp:paragraph --><p onclick="steal()">Hello <a href="javascript:alert(1)">there</a> <a href="https://ok.example/">ok</a></p><!-- /wp:paragraph -->',
      '<script>alert("x")</script><style>p{}</style><iframe src="https://evil.example"></iframe>',
      '<img src="data:text/html;base64,AAAA" onerror="x()"><form action="/x"><input></form>',
    ].join('')
    expect(sanitizeHtml(html)).toBe(
      '<p>Hello <a>there</a> <a href="https://ok.example/">ok</a></p><img />',
    )
  })

  it('escapes attributes a converter copied without escaping (the table-cell attack)', () => {
    const cell =
      '<td class="lexical-table-cell lexical-table-cell-header-1"><img src=x onerror=alert(1)>">x</td>'
    const clean = sanitizeHtml(`<table><tbody><tr>${cell}</tr></tbody></table>`)
    expect(clean).toBe(
      '<table><tbody><tr><td class="lexical-table-cell lexical-table-cell-header-1"><img src="x" />"&gt;x</td></tr></tbody></table>',
    )
    expect(executableMarkup(clean)).toEqual([])
  })

  it('allows data: URLs for raster images only, and styles only from the allow-list', () => {
    expect(sanitizeHtml('<img src="data:image/png;base64,AAAA">')).toBe(
      '<img src="data:image/png;base64,AAAA" />',
    )
    expect(sanitizeHtml('<img src="data:image/svg+xml,<svg onload=alert(1)>">')).toBe('<img />')
    expect(sanitizeHtml('<a href="data:image/png;base64,AAAA">x</a>')).toBe('<a>x</a>')
    expect(
      sanitizeHtml(
        '<p style="color:red;background:url(https://x.example/a.png);position:fixed">x</p>',
      ),
    ).toBe('<p style="color:red">x</p>')
    expect(sanitizeHtml('<a href="https://x.example" target="_top">x</a>')).toBe(
      '<a href="https://x.example">x</a>',
    )
  })

  it('leaves nothing executable in any HTML (property)', () => {
    fc.assert(
      fc.property(hostileHtml, (html) => {
        expect(executableMarkup(sanitizeHtml(html))).toEqual([])
      }),
      { numRuns: 500 },
    )
  })

  it('is deterministic (property): its output hashes the same on every call', () => {
    fc.assert(
      fc.property(hostileHtml, (html) => {
        expect(sanitizeHtml(html)).toBe(sanitizeHtml(html))
      }),
      { numRuns: 500 },
    )
  })
})
