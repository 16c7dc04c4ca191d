import type { Config, Payload, PayloadRequest, SanitizedConfig } from 'payload'

import type { KeyRing } from './crypto/keyRing'
import type { ResolvedPublishingOptions } from './options'
import type { CollectionTraits } from './publishable'
import type { AnyDestinationAdapter, ReadSiteOptions, SiteSnapshot } from './types'

import { REGISTRY_KEY } from './defaults'

/** What the plugin keeps on the config: its options and the adapters registered after it. */
export type PublishingRegistry = {
  options: ResolvedPublishingOptions
  adapters: ReadonlyMap<string, AnyDestinationAdapter>
  /** Filled in when Payload initialises (never at build time, which needs no keys). */
  runtime: {
    keyRing: KeyRing | null
    /**
     * Reads a site as published now (documents/readSite.ts), set by the plugin's wiring so that
     * the adapter context (a lower layer) can offer it without importing the planning layer.
     */
    readSite: ReadSite | null
  }
}

export type ReadSite = (
  payload: Payload,
  req: PayloadRequest,
  site: number,
  integration: number,
  options?: ReadSiteOptions,
) => Promise<SiteSnapshot>

export const readRegistry = (config: Config | SanitizedConfig): PublishingRegistry | undefined =>
  (config.custom as Record<string, unknown> | undefined)?.[REGISTRY_KEY] as
    PublishingRegistry | undefined

export const withRegistry = (config: Config, registry: PublishingRegistry): Config => ({
  ...config,
  custom: { ...config.custom, [REGISTRY_KEY]: registry },
})

/** The registry of a running Payload; throws when the plugin is missing. */
export const registryOf = (payload: Payload): PublishingRegistry => {
  const registry = readRegistry(payload.config)
  if (!registry) throw new Error('[publishing] publishingPlugin() is not in the Payload config')
  return registry
}

export const adapterFor = (payload: Payload, platform: string): AnyDestinationAdapter | undefined =>
  registryOf(payload).adapters.get(platform)

export const keyRingOf = (payload: Payload): KeyRing => {
  const { keyRing } = registryOf(payload).runtime
  if (!keyRing) throw new Error('[publishing] credentials key ring used before Payload initialised')
  return keyRing
}

/** What documents of `collection` have (see publishable.ts); throws for a collection the plugin does not publish. */
export const traitsOf = (payload: Payload, collection: string): CollectionTraits => {
  const traits = registryOf(payload).options.traits.get(collection as CollectionTraits['slug'])
  if (!traits)
    throw new Error(
      `[publishing] "${collection}" is not one of the collections publishingPlugin() publishes`,
    )
  return traits
}
