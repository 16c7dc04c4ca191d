import {
  allowedTemplates,
  matchTemplate,
  parseTemplateMap,
  templateNotApplied,
  templateRequest,
} from './templates'

describe('page templates', () => {
  it('reads the mapping setting: pairs split by commas or new lines, blanks and junk left out', () => {
    expect([
      ...parseTemplateMap(' landing = page-templates/landing.php,\nfull-width=wide.php, junk, =x'),
    ]).toEqual([
      ['landing', 'page-templates/landing.php'],
      ['full-width', 'wide.php'],
    ])
    expect(parseTemplateMap(undefined).size).toBe(0)
  })

  it('asks for the mapped file, else our name; nothing for the default template', () => {
    expect(templateRequest('landing', 'landing=a.php')).toEqual({ ours: 'landing', file: 'a.php' })
    expect(templateRequest('contact', 'landing=a.php')).toEqual({
      ours: 'contact',
      file: 'contact',
    })
    expect(templateRequest('default', '')).toBeNull()
    expect(templateRequest(null, '')).toBeNull()
  })

  it("reads the templates WordPress has from its refusal, and only from a template's refusal", () => {
    const refusal = (message: string) => ({
      code: 'rest_invalid_param',
      data: { status: 400, params: { template: message } },
    })
    expect(
      allowedTemplates(refusal('template is not one of page-templates/landing.php, wide.php.')),
    ).toEqual(['page-templates/landing.php', 'wide.php'])
    expect(allowedTemplates(refusal('template is not one of .'))).toEqual([])
    expect(allowedTemplates({ data: { params: { slug: 'bad' } } })).toBeNull()
    expect(allowedTemplates(null)).toBeNull()
  })

  it('matches a theme file by its short name', () => {
    const files = ['page-templates/page-landing.php', 'templates/Full Width.php']
    expect(matchTemplate('landing', files)).toBe('page-templates/page-landing.php')
    expect(matchTemplate('full-width', files)).toBe('templates/Full Width.php')
    expect(matchTemplate('contact', files)).toBeNull()
    expect(templateNotApplied('contact', files)).toMatch(/^Template not applied: .*"contact"/)
  })
})
