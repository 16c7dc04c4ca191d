import { resolveDestinations, type DocumentFacts } from './resolveDestinations'

const post: DocumentFacts = { collection: 'posts', categories: [1], tags: [7], template: null }
const page: DocumentFacts = { collection: 'pages', categories: [], tags: [], template: 'landing' }

describe('resolveDestinations', () => {
  it('sends everything live to every active integration of a site without rules', () => {
    expect(
      resolveDestinations(post, [], [10, 11]).map((p) => [p.integration, p.remoteStatus]),
    ).toEqual([
      [10, 'publish'],
      [11, 'publish'],
    ])
  })

  it('ignores disabled rules as if there were none', () => {
    const plans = resolveDestinations(
      post,
      [{ id: 1, enabled: false, destinations: [10] }],
      [10, 11],
    )
    expect(plans.map((p) => p.integration)).toEqual([10, 11])
  })

  it('applies conditions: any matching category, tag or template', () => {
    const rules = [
      { id: 1, categories: [2], destinations: [10] },
      { id: 2, tags: [7], destinations: [11], remoteStatus: 'draft' as const },
      { id: 3, templates: ['landing'], destinations: [12] },
    ]
    expect(
      resolveDestinations(post, rules, [10, 11, 12]).map((p) => [p.integration, p.remoteStatus]),
    ).toEqual([[11, 'draft']])
    expect(resolveDestinations(page, rules, [10, 11, 12]).map((p) => p.integration)).toEqual([12])
  })

  it('limits a rule to its collections', () => {
    const rules = [{ id: 1, collections: ['pages'], destinations: [10] }]
    expect(resolveDestinations(post, rules, [10])).toEqual([])
    expect(resolveDestinations(page, rules, [10])).toHaveLength(1)
  })

  it('skips inactive integrations and lets the older rule win a shared destination', () => {
    const rules = [
      { id: 5, destinations: [10, 11], unpublishAction: 'delete' as const },
      { id: 2, destinations: [10], unpublishAction: 'keep' as const, trigger: 'manual' as const },
    ]
    const plans = resolveDestinations(post, rules, [10])
    expect(plans).toEqual([
      {
        integration: 10,
        remoteStatus: 'publish',
        unpublishAction: 'keep',
        trigger: 'manual',
        rule: 2,
      },
    ])
  })
})
