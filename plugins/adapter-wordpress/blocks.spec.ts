import { JSDOM } from 'jsdom'

import { sanitizeHtml } from '@plugins/publishing/exports/server'

import { fromBlocks, serializeAttributes, serializeBlock, toBlocks } from './blocks'

/** What the platform's HTML policy makes of Lexical's converters' output (see content/toHtml.ts). */
const CELL =
  '<th class="lexical-table-cell lexical-table-cell-header-1" style="border:1px solid #ccc;padding:8px">\n<p>Head</p>\n</th>'
const TABLE =
  '<div class="lexical-table-container">\n<table class="lexical-table" style="border-collapse:collapse">\n<tbody>' +
  `<tr class="lexical-table-row">\n${CELL}<td class="lexical-table-cell lexical-table-cell-header-0" style="border:1px solid #ccc;padding:8px"><p>a</p><p>b</p></td></tr>` +
  '</tbody></table></div>'

const block = (name: string, html: string, attrs = '') =>
  `<!-- wp:${name}${attrs ? ` ${attrs}` : ''} -->\n${html}\n<!-- /wp:${name} -->`

describe('serializeAttributes', () => {
  it('writes JSON as WordPress does: no "--", <, >, & or escaped quote left as such', () => {
    expect(serializeAttributes({ url: 'https://x.example/?a=1&b=<2>--"q"' })).toBe(
      '{"url":"https://x.example/?a=1\\u0026b=\\u003c2\\u003e\\u002d\\u002d\\u0022q\\u0022"}',
    )
    expect(serializeBlock({ name: 'core/separator', html: '<hr/>' })).toBe(
      '<!-- wp:separator -->\n<hr/>\n<!-- /wp:separator -->',
    )
  })
})

describe('toBlocks', () => {
  it('maps paragraphs, alignment and inline markup', () => {
    expect(
      toBlocks(
        '<p>Hello <strong>bold</strong> &amp; <a href="https://x.example/?a=1&amp;b=2">link</a></p><p style="text-align:center">Mid</p>',
      ),
    ).toBe(
      [
        block(
          'paragraph',
          '<p>Hello <strong>bold</strong> &amp; <a href="https://x.example/?a=1&amp;b=2">link</a></p>',
        ),
        block('paragraph', '<p class="has-text-align-center">Mid</p>', '{"align":"center"}'),
      ].join('\n\n'),
    )
  })

  it('maps headings with their level (2 is the default) and alignment', () => {
    expect(toBlocks('<h2>Two</h2><h4 style="text-align:right">Four</h4>')).toBe(
      [
        block('heading', '<h2>Two</h2>'),
        block(
          'heading',
          '<h4 class="has-text-align-right">Four</h4>',
          '{"textAlign":"right","level":4}',
        ),
      ].join('\n\n'),
    )
  })

  it('maps lists to list and list-item blocks, nested lists into the item before, and an ordered start', () => {
    const html =
      '<ul class="list-bullet"><li value="1">One</li><li value="2">Two</li><li class="nestedListItem" style="list-style-type:none" value="3">' +
      '<ol class="list-number"><li value="1">Inner</li></ol></li></ul><ol class="list-number"><li value="3">Three</li></ol>'
    const item = (content: string) => block('list-item', `<li>${content}</li>`)
    expect(toBlocks(html)).toBe(
      [
        block(
          'list',
          `<ul>${item('One')}\n\n${item(`Two${block('list', `<ol>${item('Inner')}</ol>`, '{"ordered":true}')}`)}</ul>`,
        ),
        block('list', `<ol start="3">${item('Three')}</ol>`, '{"ordered":true,"start":3}'),
      ].join('\n\n'),
    )
  })

  it('maps a quote to a quote block holding paragraph blocks', () => {
    expect(toBlocks('<blockquote>Said <em>this</em></blockquote>')).toBe(
      block(
        'quote',
        `<blockquote class="wp-block-quote">${block('paragraph', '<p>Said <em>this</em></p>')}</blockquote>`,
      ),
    )
    expect(
      toBlocks(
        '<blockquote class="wp-block-quote"><p>a</p><p>b</p><cite>Someone</cite></blockquote>',
      ),
    ).toBe(
      block(
        'quote',
        `<blockquote class="wp-block-quote">${block('paragraph', '<p>a</p>')}\n\n${block('paragraph', '<p>b</p>')}<cite>Someone</cite></blockquote>`,
      ),
    )
  })

  it('maps code, escaped as the code block saves it, and separators', () => {
    expect(toBlocks('<pre><code>a = [1] &lt;b&gt;\nhttps://x.example/y</code></pre><hr />')).toBe(
      [
        block(
          'code',
          '<pre class="wp-block-code"><code>a = &#91;1] &lt;b&gt;\nhttps:&#47;&#47;x.example/y</code></pre>',
        ),
        block('separator', '<hr class="wp-block-separator has-alpha-channel-opacity"/>'),
      ].join('\n\n'),
    )
  })

  it('maps images with the WordPress media id and alt text, at full size', () => {
    expect(
      toBlocks(
        '<img class="wp-image-41" src="https://wp.example/a.jpg?x=1&amp;y=2" alt="The &quot;harbour&quot; &lt;3 &gt;" width="48" height="27" />',
      ),
    ).toBe(
      block(
        'image',
        // Escaped as WordPress escapes attributes: `&`, `"` and `>`, not `<`.
        '<figure class="wp-block-image size-full"><img src="https://wp.example/a.jpg?x=1&amp;y=2" alt="The &quot;harbour&quot; <3 &gt;" class="wp-image-41"/></figure>',
        '{"id":41,"sizeSlug":"full","linkDestination":"none"}',
      ),
    )
    expect(toBlocks('<img src="https://elsewhere.example/b.png" alt="" />')).toBe(
      block(
        'image',
        '<figure class="wp-block-image"><img src="https://elsewhere.example/b.png" alt=""/></figure>',
      ),
    )
  })

  it("maps Lexical's tables, header cells kept and a cell's paragraphs as lines", () => {
    expect(toBlocks(TABLE)).toBe(
      block(
        'table',
        '<figure class="wp-block-table"><table><tbody><tr><th>Head</th><td>a<br>b</td></tr></tbody></table></figure>',
      ),
    )
  })

  it('maps a paragraph holding only a link to a video provider to an embed', () => {
    const url = 'https://www.youtube.com/watch?v=abc&amp;t=1'
    expect(toBlocks(`<p><a href="${url}">${url}</a></p>`)).toBe(
      block(
        'embed',
        `<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\n${url}\n</div></figure>`,
        '{"url":"https://www.youtube.com/watch?v=abc\\u0026t=1","type":"video","providerNameSlug":"youtube"}',
      ),
    )
    // A link with other text, or to a site that is no provider, stays a paragraph.
    expect(toBlocks('<p><a href="https://youtu.be/abc">watch</a></p>')).toBe(
      block('paragraph', '<p><a href="https://youtu.be/abc">watch</a></p>'),
    )
  })

  it('keeps what no block can hold as Custom HTML, unchanged', () => {
    const check =
      '<ul class="list-check"><li class="list-item-checkbox list-item-checkbox-checked" style="list-style-type:none"><input type="checkbox" disabled="" checked=""> done</li></ul>'
    const indented = '<p style="padding-inline-start:40px">Indented</p>'
    const spanning = '<table><tbody><tr><td colspan="2">wide</td></tr></tbody></table>'
    const coloured = TABLE.replace('padding:8px"><p>a', 'padding:8px;background-color:red"><p>a')
    const other = '<dl><dt>term</dt><dd>meaning</dd></dl>'
    for (const html of [check, indented, spanning, other])
      expect(toBlocks(html)).toBe(block('html', html))
    expect(toBlocks(coloured)).toMatch(/^<!-- wp:html -->\n<div class="lexical-table-container">/)
  })

  it('puts inline content at the top level into a paragraph and drops blank text', () => {
    expect(toBlocks('\n<a href="https://x.example/f.pdf">f.pdf</a> text\n<hr>\n')).toBe(
      [
        block('paragraph', '<p><a href="https://x.example/f.pdf">f.pdf</a> text</p>'),
        block('separator', '<hr class="wp-block-separator has-alpha-channel-opacity"/>'),
      ].join('\n\n'),
    )
    expect(toBlocks('')).toBe('')
  })

  it('writes only markup the HTML policy allows (comments aside)', () => {
    const html = sanitizeHtml(
      `<h3>T</h3><p style="text-align:center">c</p><ul class="list-bullet"><li value="1">x</li></ul><blockquote>q</blockquote><pre><code>c</code></pre><hr />` +
        `<img class="wp-image-2" src="https://wp.example/a.jpg" alt="a" />${TABLE}<p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p>`,
    )
    const markup = toBlocks(html).replace(/<!--[\s\S]*?-->/g, '')
    const normal = (value: string) => {
      const holder = JSDOM.fragment('<div></div>').firstChild as Element
      holder.innerHTML = value
      return holder.innerHTML
    }
    expect(normal(sanitizeHtml(markup))).toBe(normal(markup))
  })
})

describe('fromBlocks', () => {
  it('gives back the HTML the blocks were made from, without their wrappers', () => {
    const html =
      '<h2>T</h2><p style="text-align: center;">c</p><ul><li>One<ul><li>Inner</li></ul></li></ul><ol start="3"><li>x</li></ol>' +
      '<blockquote>Said <em>this</em></blockquote><pre><code>a = [1]</code></pre><hr><img src="https://wp.example/a.jpg" alt="a" class="wp-image-2">' +
      '<table><tbody><tr><th>Head</th><td>a<br>b</td></tr></tbody></table><p><a href="https://vimeo.com/1">https://vimeo.com/1</a></p><dl><dt>t</dt></dl>'
    expect(fromBlocks(toBlocks(html))).toBe(html)
  })

  it("undoes WordPress's own wrappers: captions, quote paragraphs and citations, alignment classes", () => {
    const content = [
      block(
        'image',
        '<figure class="wp-block-image size-large is-resized"><img src="https://wp.example/a.jpg" alt="a" class="wp-image-5" width="10"/><figcaption>Cap</figcaption></figure>',
        '{"id":5}',
      ),
      block(
        'quote',
        `<blockquote class="wp-block-quote">${block('paragraph', '<p>a</p>')}\n\n${block('paragraph', '<p>b</p>')}<cite>Me</cite></blockquote>`,
      ),
      block(
        'heading',
        '<h3 class="has-text-align-center">H</h3>',
        '{"textAlign":"center","level":3}',
      ),
      '<!-- wp:spacer {"height":"10px"} /-->',
    ].join('\n\n')
    expect(fromBlocks(content)).toBe(
      '<img src="https://wp.example/a.jpg" alt="a" class="wp-image-5" width="10"><p>Cap</p><blockquote>a<br>b<br><cite>Me</cite></blockquote>' +
        '<h3 style="text-align: center;">H</h3>',
    )
  })

  it('marks our check lists (sent as Custom HTML) as check lists for the rich-text import', () => {
    const check =
      '<ul class="list-check"><li class="list-item-checkbox list-item-checkbox-checked" style="list-style-type:none"><input type="checkbox" disabled="" checked=""> done</li></ul>'
    expect(fromBlocks(toBlocks(check))).toBe(
      '<ul class="list-check contains-task-list"><li class="list-item-checkbox list-item-checkbox-checked task-list-item" style="list-style-type:none">' +
        '<input type="checkbox" disabled="" checked=""> done</li></ul>',
    )
  })

  it('leaves content without blocks alone', () => {
    expect(fromBlocks('<p>a</p>\n\n<p>b <!-- note --></p>')).toBe(
      '<p>a</p>\n\n<p>b <!-- note --></p>',
    )
  })
})
