import type { Config } from 'payload'

import type { AnyDestinationAdapter } from './types'

import { publishingPlugin, registerAdapter } from './index'

const base = (): Config =>
  ({
    secret: 'x',
    collections: ['sites', 'pages', 'posts'].map((slug) => ({ slug, fields: [] })),
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

const plugin = publishingPlugin({ access: { isAdmin: () => false, sitesOf: () => [] } })
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
    expect(config.jobs?.tasks?.map((t) => t.slug)).toEqual(['publishing-fanout', 'publishing-deliver', 'publishing-sync'])
    const paths = (slug: string) => {
      const endpoints = config.collections?.find((c) => c.slug === slug)?.endpoints
      return endpoints ? endpoints.map((e) => e.path) : []
    }
    expect(paths('integrations')).toEqual(['/:id/test-connection', '/:id/sync', '/:id'])
    expect(paths('publishing-records')).toEqual(['/:id/retry', '/:id/resolve'])
    expect(incoming.collections).toHaveLength(3)
    expect(incoming.collections?.[0].fields).toEqual([])
  })

  it('wires its admin components into the collections it manages', async () => {
    const config = await apply(base(), plugin)
    const fieldsOf = (slug: string) => (config.collections ?? []).find((c) => c.slug === slug)!.fields as { name?: string; type: string; admin?: { components?: Record<string, unknown> } }[]
    for (const slug of ['pages', 'posts']) {
      const names = fieldsOf(slug).map((f) => f.name)
      expect(names).toEqual(['lastEditedBy', 'publishing'])
      expect(fieldsOf(slug)[1].admin?.components).toEqual({
        Field: '/plugins/publishing/exports/client#PublishingPanel',
        Cell: '/plugins/publishing/exports/client#DestinationsCell',
      })
    }
    expect(fieldsOf('sites').map((f) => f.name)).toEqual(['integrations', 'publishingSettings'])
    expect(fieldsOf('sites')[1].admin?.components?.Field).toBe('/plugins/publishing/exports/rsc#SitePublishingField')
    const integrations = fieldsOf('integrations')
    const component = (name: string) => integrations.find((f) => f.name === name)?.admin?.components?.Field
    expect(component('platform')).toBe('/plugins/publishing/exports/client#PlatformField')
    expect(component('config')).toMatch(/#ConfigField$/)
    expect(component('credentials')).toMatch(/#CredentialsField$/)
    expect(component('status')).toMatch(/#IntegrationPanel$/)
    expect(config.endpoints?.map((e) => `${e.method} ${e.path}`)).toEqual(['post /publishing/publish', 'get /publishing/platforms'])
  })

  it('refuses an adapter listed before the plugin', async () => {
    await expect(apply(base(), registerAdapter(adapter('webhook')), plugin)).rejects.toThrow(
      '[publishing] the "webhook" adapter is listed before publishingPlugin() in payload.config.ts',
    )
  })

  it('refuses an adapter registered twice', async () => {
    await expect(apply(base(), plugin, registerAdapter(adapter('webhook')), registerAdapter(adapter('webhook')))).rejects.toThrow(
      '[publishing] two adapters register platform "webhook"',
    )
  })

  it('refuses an adapter that declares pull without listChanges and getRemote', async () => {
    const pulling = { ...adapter('pulling'), capabilities: { drafts: false, delete: false, findExisting: false, pull: true } }
    await expect(apply(base(), plugin, registerAdapter(pulling))).rejects.toThrow(
      '[publishing] adapter "pulling" declares the pull capability but does not implement listChanges and getRemote',
    )
  })

  it('refuses a malformed platform id and a plugin listed twice', async () => {
    await expect(apply(base(), plugin, registerAdapter(adapter('Web Hook')))).rejects.toThrow(/platform id "Web Hook"/)
    await expect(apply(base(), plugin, plugin)).rejects.toThrow('[publishing] publishingPlugin() is listed twice')
  })

  it('needs the sites and content collections first', async () => {
    const config = { ...base(), collections: [{ slug: 'sites', fields: [] }] } as unknown as Config
    await expect(apply(config, plugin)).rejects.toThrow('[publishing] the "pages" collection must be in the config')
  })
})
