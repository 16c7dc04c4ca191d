import { cleanHtml } from './fromHtml'

describe('cleanHtml', () => {
  it('removes scripts, embedded documents, event handlers and script URLs, keeping the text', () => {
    const html = [
      '<!-- wp:paragraph --><p onclick="steal()">Hello <a href="javascript:alert(1)">there</a> <a href="https://ok.example/">ok</a></p><!-- /wp:paragraph -->',
      '<script>alert("x")</script><style>p{}</style><iframe src="https://evil.example"></iframe>',
      '<img src="data:text/html;base64,AAAA" onerror="x()"><form action="/x"><input></form>',
    ].join('')
    expect(cleanHtml(html)).toBe('<p>Hello <a>there</a> <a href="https://ok.example/">ok</a></p><img>')
  })
})
