import { defaultRuleSentence, describeRule, unpublishConsequence } from './describeRules'

const lookups = {
  collections: [
    { slug: 'pages' as const, plural: 'Pages', template: true },
    { slug: 'posts' as const, plural: 'Posts', template: false },
  ],
  destinations: new Map([
    [1, 'WordPress blog'],
    [2, 'Webhook'],
  ]),
  categories: new Map([[5, 'News']]),
  tags: new Map([[9, 'launch']]),
}

describe('describeRule', () => {
  it('spells out content, conditions, destinations and what unpublishing does', () => {
    const summary = describeRule(
      {
        id: 3,
        name: 'News to the blog',
        collections: ['posts'],
        categories: [5],
        tags: [{ id: 9 }],
        destinations: [1, 2],
        trigger: 'onPublish',
        remoteStatus: 'draft',
        unpublishAction: 'delete',
      },
      lookups,
    )
    expect(summary).toEqual({
      id: 3,
      name: 'News to the blog',
      enabled: true,
      content: 'Posts',
      conditions: 'Any of: in category News; tagged launch',
      destinations: 'WordPress blog, Webhook',
      when: 'When published',
      remote: 'as a draft',
      onUnpublish: 'the copy will be deleted',
    })
  })

  it('reads an empty rule as everything, everywhere it names', () => {
    const summary = describeRule({ id: 4, destinations: [7], trigger: 'manual' }, lookups)
    expect(summary.content).toBe('Pages and Posts')
    expect(summary.conditions).toBe('All of them')
    expect(summary.destinations).toBe('#7')
    expect(summary.when).toMatch(/Publish now/)
    expect(summary.onUnpublish).toBe('the copy will be unpublished')
  })

  it('names the collections from what the plugin read of them, not from their slugs', () => {
    const only = {
      ...lookups,
      collections: [{ slug: 'posts' as const, plural: 'Articles', template: false }],
    }
    expect(describeRule({ id: 5, destinations: [1] }, only).content).toBe('Articles')
    expect(
      describeRule({ id: 6, destinations: [1], templates: ['landing'] }, lookups).conditions,
    ).toBe('Any of: pages with template landing')
  })
})

describe('defaultRuleSentence', () => {
  it('says what every published document of the collections does', () => {
    expect(defaultRuleSentence(['Pages', 'Posts'])).toBe(
      'No rules are enabled: everything published (pages and posts) goes live to every active destination of the site, and unpublishing unpublishes the copies.',
    )
  })
})

describe('unpublishConsequence', () => {
  it('names each action', () => {
    expect(unpublishConsequence('keep')).toBe('the copy will be kept as it is')
    expect(unpublishConsequence('unpublish')).toBe('the copy will be unpublished')
  })
})
