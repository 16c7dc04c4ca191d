import type { CollectionConfig, Config } from 'payload'

import type { AnyDestinationAdapter } from './types'

import { publishingPlugin, registerAdapter } from './index'
import { registryOf } from './registry'

/** What the plugin needs of a collection it publishes: drafts, a site, a title and a slug. */
const content = (slug: string, fields: CollectionConfig['fields'] = []): CollectionConfig => ({
  slug,
  versions: { drafts: true },
  fields: [
    { name: 'title', type: 'text' },
    { type: 'row', fields: [{ name: 'site', type: 'relationship', relationTo: 'sites' }] },
    { name: 'slug', type: 'text' },
    ...fields,
  ],
})
const CONTENT_FIELDS = ['title', undefined, 'slug']

const base = (): Config =>
  ({
    secret: 'x',
    collections: [
      { slug: 'sites', fields: [] },
      {
        ...content('pages', [
          { name: 'template', type: 'select', options: ['default'] },
          { name: 'parent', type: 'relationship', relationTo: 'pages' },
        ]),
        orderable: true,
      },
      content('posts', [
        { name: 'excerpt', type: 'textarea' },
        { name: 'featuredImage', type: 'upload', relationTo: 'media' },
        {
          type: 'collapsible',
          label: 'Terms',
          fields: [
            { name: 'categories', type: 'relationship', relationTo: 'categories', hasMany: true },
          ],
        },
        { name: 'tags', type: 'relationship', relationTo: 'tags', hasMany: true },
      ]),
    ],
  }) as unknown as Config

const adapter = (platform: string): AnyDestinationAdapter => ({
  platform,
  label: platform,
  platformType: 'custom_api',
  description: 'test',
  configFields: [],
  credentialFields: [],
  capabilities: { drafts: false, delete: false, findExisting: false, pull: false },
  testConnection: async () => ({ ok: true, message: 'ok' }),
  publish: async () => ({ remoteId: '1', remoteUrl: null, remoteModifiedAt: null }),
  unpublish: async () => {},
})

const access = { isAdmin: () => false, sitesOf: () => [] as number[] }
const plugin = publishingPlugin({ collections: ['pages', 'posts'], access })
const apply = async (config: Config, ...plugins: ((c: Config) => Config | Promise<Config>)[]) => {
  let current = config
  for (const p of plugins) current = await p(current)
  return current
}

describe('publishing plugin configuration', () => {
  it('adds its collections, jobs and endpoints without touching the incoming config', async () => {
    const incoming = base()
    const config = await apply(incoming, plugin, registerAdapter(adapter('webhook')))
    expect(config.collections?.map((c) => c.slug)).toEqual([
      'sites',
      'pages',
      'posts',
      'integrations',
      'publishing-records',
      'publishing-rules',
    ])
    expect(config.jobs?.tasks?.map((t) => t.slug)).toEqual([
      'publishing-fanout',
      'publishing-deliver',
      'publishing-sync',
      'publishing-backfill',
      'publishing-deploy-site',
    ])
    const paths = (slug: string) => {
      const endpoints = config.collections?.find((c) => c.slug === slug)?.endpoints
      return endpoints ? endpoints.map((e) => e.path) : []
    }
    expect(paths('integrations')).toEqual([
      '/:id/test-connection',
      '/:id/sync',
      '/:id',
      '/:id/publish-all',
      '/:id/publish-all',
      '/:id/publish-all/cancel',
      '/:id/retry-failed',
    ])
    expect(paths('publishing-records')).toEqual(['/:id/retry', '/:id/resolve'])
    expect(incoming.collections).toHaveLength(3)
    expect(incoming.collections?.[0].fields).toEqual([])
  })

  it('wires its admin components into the collections it manages', async () => {
    const config = await apply(base(), plugin)
    const fieldsOf = (slug: string) =>
      (config.collections ?? []).find((c) => c.slug === slug)!.fields as {
        name?: string
        type: string
        admin?: { components?: Record<string, unknown> }
      }[]
    const own = {
      pages: ['template', 'parent'],
      posts: ['excerpt', 'featuredImage', undefined, 'tags'],
    }
    for (const slug of ['pages', 'posts'] as const) {
      const names = fieldsOf(slug).map((f) => f.name)
      expect(names).toEqual([...CONTENT_FIELDS, ...own[slug], 'lastEditedBy', 'publishing'])
      expect(fieldsOf(slug).at(-1)!.admin?.components).toEqual({
        Field: '/plugins/publishing/exports/client#PublishingPanel',
        Cell: '/plugins/publishing/exports/client#DestinationsCell',
      })
      const list = (config.collections ?? []).find((c) => c.slug === slug)!.admin?.components
      expect(list?.beforeListTable).toEqual(['/plugins/publishing/exports/client#BulkPublishing'])
    }
    expect(fieldsOf('sites').map((f) => f.name)).toEqual(['integrations', 'publishingSettings'])
    expect(fieldsOf('sites')[1].admin?.components?.Field).toBe(
      '/plugins/publishing/exports/rsc#SitePublishingField',
    )
    const integrations = fieldsOf('integrations')
    const component = (name: string) =>
      integrations.find((f) => f.name === name)?.admin?.components?.Field
    expect(component('platform')).toBe('/plugins/publishing/exports/client#PlatformField')
    expect(component('config')).toMatch(/#ConfigField$/)
    expect(component('credentials')).toMatch(/#CredentialsField$/)
    expect(component('status')).toMatch(/#IntegrationPanel$/)
    expect(config.endpoints?.map((e) => `${e.method} ${e.path}`)).toEqual([
      'post /publishing/publish',
      'post /publishing/bulk',
      'get /publishing/scheduled',
      'get /publishing/platforms',
    ])
  })

  it('refuses an adapter listed before the plugin', async () => {
    await expect(apply(base(), registerAdapter(adapter('webhook')), plugin)).rejects.toThrow(
      '[publishing] the "webhook" adapter is listed before publishingPlugin() in payload.config.ts',
    )
  })

  it('refuses an adapter registered twice', async () => {
    await expect(
      apply(
        base(),
        plugin,
        registerAdapter(adapter('webhook')),
        registerAdapter(adapter('webhook')),
      ),
    ).rejects.toThrow('[publishing] two adapters register platform "webhook"')
  })

  it('refuses an adapter that declares pull without listChanges and getRemote', async () => {
    const pulling = {
      ...adapter('pulling'),
      capabilities: { drafts: false, delete: false, findExisting: false, pull: true },
    }
    await expect(apply(base(), plugin, registerAdapter(pulling))).rejects.toThrow(
      '[publishing] adapter "pulling" declares the pull capability but does not implement listChanges and getRemote',
    )
  })

  it('refuses a bulkProcess option without a command and string args', async () => {
    const withBulk = (bulkProcess: unknown) =>
      apply(
        base(),
        publishingPlugin({ collections: ['pages', 'posts'], access, bulkProcess } as never),
      )
    for (const bad of [{ args: [] }, { command: 'node', args: [1] }, 'node scripts/worker.ts'])
      await expect(withBulk(bad)).rejects.toThrow('[publishing] the "bulkProcess" option must be')
    await expect(withBulk({ command: 'node', args: ['worker.js'] })).resolves.toBeDefined()
    await expect(withBulk(false)).resolves.toBeDefined()
  })

  it('refuses a malformed platform id and a plugin listed twice', async () => {
    await expect(apply(base(), plugin, registerAdapter(adapter('Web Hook')))).rejects.toThrow(
      /platform id "Web Hook"/,
    )
    await expect(apply(base(), plugin, plugin)).rejects.toThrow(
      '[publishing] publishingPlugin() is listed twice',
    )
  })

  it('needs the sites and content collections first', async () => {
    const config = { ...base(), collections: [{ slug: 'sites', fields: [] }] } as unknown as Config
    await expect(apply(config, plugin)).rejects.toThrow(
      '[publishing] the "pages" collection must be in the config',
    )
    const noSites = { ...base(), collections: base().collections!.slice(1) } as Config
    await expect(apply(noSites, plugin)).rejects.toThrow(
      '[publishing] the "sites" collection must be in the config',
    )
  })

  it('publishes only the collections it is given', async () => {
    const config = await apply(base(), publishingPlugin({ collections: ['posts'], access }))
    const names = (slug: string) =>
      (config.collections ?? [])
        .find((c) => c.slug === slug)!
        .fields.map((f) => ('name' in f ? f.name : f.type))
    expect(names('posts').slice(-2)).toEqual(['lastEditedBy', 'publishing'])
    expect(names('pages')).not.toContain('publishing')
    expect(registryOf({ config } as never).options.collections).toEqual(['posts'])
  })

  it('refuses, at config time, collections it cannot publish, saying why', async () => {
    const withCollection = (collection: CollectionConfig) =>
      ({
        ...base(),
        collections: [...base().collections!.filter((c) => c.slug !== 'posts'), collection],
      }) as Config
    const refused = (collection: CollectionConfig) => apply(withCollection(collection), plugin)

    await expect(apply(base(), publishingPlugin({ collections: [], access }))).rejects.toThrow(
      '[publishing] the "collections" option must list the collections to publish',
    )
    await expect(apply(base(), publishingPlugin({ access } as never))).rejects.toThrow(
      '[publishing] the "collections" option must list',
    )
    await expect(
      apply(base(), publishingPlugin({ collections: ['posts', 'posts'], access })),
    ).rejects.toThrow('[publishing] the "posts" collection is listed twice')
    await expect(refused({ ...content('posts'), versions: undefined })).rejects.toThrow(
      '[publishing] the "posts" collection cannot be published: it has no drafts (set `versions: { drafts: true }`',
    )
    await expect(refused({ ...content('posts'), versions: { drafts: false } })).rejects.toThrow(
      'it has no drafts',
    )
    const without = (name: string): CollectionConfig => {
      const { fields } = content('posts')
      return {
        ...content('posts'),
        fields: fields.filter((f) => !('name' in f) || f.name !== name),
      }
    }
    await expect(refused(without('title'))).rejects.toThrow(
      '[publishing] the "posts" collection cannot be published: it has no `title` text field',
    )
    await expect(refused(without('slug'))).rejects.toThrow('it has no `slug` text field')
    // The site inside a row counts; outside of one, it must still be a relationship to sites.
    await expect(
      refused({
        ...content('posts'),
        fields: [
          { name: 'title', type: 'text' },
          { name: 'slug', type: 'text' },
          { name: 'site', type: 'text' },
        ],
      }),
    ).rejects.toThrow('it has no `site` relationship to `sites`')
    // Every problem at once.
    await expect(refused({ slug: 'posts', fields: [] })).rejects.toThrow(
      'cannot be published: it has no drafts (set `versions: { drafts: true }`: the plugin delivers what is published); it has no `site` relationship to `sites`; it has no `title` text field; it has no `slug` text field',
    )
  })

  it("reads what each collection's documents have from its fields, once", async () => {
    const config = await apply(base(), plugin)
    const { traits } = registryOf({ config } as never).options
    expect(traits.get('pages')).toEqual({
      slug: 'pages',
      plural: 'Pages',
      tree: true,
      orderable: true,
      terms: [],
      template: true,
      excerpt: false,
      featuredImage: false,
    })
    expect(traits.get('posts')).toEqual({
      slug: 'posts',
      plural: 'Posts',
      tree: false,
      orderable: false,
      terms: ['categories', 'tags'],
      template: false,
      excerpt: true,
      featuredImage: true,
    })
  })

  it('refuses an adapter whose collections are not a list of slugs', async () => {
    const odd = { ...adapter('odd'), collections: 'posts' } as unknown as AnyDestinationAdapter
    await expect(apply(base(), plugin, registerAdapter(odd))).rejects.toThrow(
      '[publishing] adapter "odd" declares "collections" that are not a list of collection slugs',
    )
    const listed = await apply(
      base(),
      plugin,
      registerAdapter({ ...adapter('listed'), collections: ['posts'] }),
    )
    expect(registryOf({ config: listed } as never).adapters.get('listed')?.collections).toEqual([
      'posts',
    ])
  })
})
