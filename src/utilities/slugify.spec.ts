import { slugify } from './slugify'

describe('slugify', () => {
  it('makes lower-case hyphenated slugs from titles', () => {
    expect(slugify('Hello, World!')).toBe('hello-world')
    expect(slugify('  Über café  ')).toBe('uber-cafe')
    expect(slugify('2026: A year -- in review')).toBe('2026-a-year-in-review')
  })

  it('gives an empty slug for a title with no letters or digits', () => {
    expect(slugify('!!!')).toBe('')
  })
})
