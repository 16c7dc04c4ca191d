import { htmlToText } from './mapping'

describe('htmlToText (a Shopify summary as our excerpt)', () => {
  it('drops tags and decodes character references', () => {
    expect(htmlToText('<p>Tea &amp; cake &#8211; <b>now</b>&#x21;</p>')).toBe('Tea & cake – now!')
  })

  it('leaves references it cannot decode as they are, instead of throwing', () => {
    // A code point past U+10FFFF made String.fromCodePoint throw, and the whole pull with it.
    for (const hostile of ['&#99999999;', '&#x110000;', '&#0;', '&bogus;', '&#xZZ;'])
      expect(() => htmlToText(`<p>${hostile}</p>`)).not.toThrow()
    expect(htmlToText('<p>a &#99999999; b</p>')).toBe('a &#99999999; b')
  })
})
