/**
 * The plugin's public face for server code: payload.config.ts, the app's collections, hooks and
 * loaders, scripts/, bench/ and the adapter plugins import from here and nowhere else in the
 * plugin (`npm run lint:deps` checks it). Browser code imports `./client`, React Server Components
 * `./rsc`, tests of adapters `./testing`.
 */

// The plugin, its options and adapter registration
export { publishingPlugin, registerAdapter } from '../index'
export type { PublishingPluginOptions } from '../options'

// Names the plugin gives its collections and queues
export { DELIVERY_QUEUE, FANOUT_QUEUE, INTEGRATIONS, RECORDS, RULES } from '../defaults'

// Access helpers and ids
export { sameSiteOptions, unreadableSite, withinSite } from '../access'
export { MAX_ID, parseId, readId, relationScalar, type ParsedId } from '../utilities/ids'
export { SKIP_PUBLISHING } from '../utilities/skipPublishing'

// Content: the HTML a destination receives, slugs
export { decodeEntities, escapeHtml } from '../content/entities'
export { sanitizeHtml } from '../content/htmlPolicy'
export { slugify } from '../content/slugify'
export { lexicalToHtml, type HtmlOptions, type HtmlResult } from '../content/toHtml'

// Loaders of the Site Manager (server-side reads with the signed-in user's access)
export {
  destinationHealth,
  type DestinationHealth,
  type IntegrationRow,
} from '../admin/data/destinationHealth'
export { removalConsequences } from '../admin/data/removalConsequences'
export { loadSitePublishing, type SitePublishing } from '../admin/RulesSummary/loadSitePublishing'
export type { RuleLike } from '../rules/resolveDestinations'

// Helpers for endpoints and routes of adapter plugins
export { readSite } from '../documents/readSite'
export { loadIntegrationForSite, mayWorkOnSite } from '../endpoints/loadForSite'
export { withSiteLock } from '../integrations/adapterContext'
export { badRequest, jsonBody, numericParam } from '../utilities/requests'

// Runner entry points (scripts/worker.ts, scripts/rotate-credentials.ts, bench/, tests)
export { adapterContext } from '../integrations/adapterContext'
export { readMediaFile } from '../integrations/readMediaFile'
export { rotateCredentials } from '../integrations/rotateCredentials'
export { queueSync } from '../queue'
export { poolOf } from '../queue/advisoryLock'
export { runDeliveries } from '../runner/runDeliveries'
export { runSyncs } from '../runner/runSyncs'
export { startRunner } from '../runner/startRunner'
export { startSyncScheduler } from '../runner/startSyncScheduler'
export { assertPlatformsRegistered } from '../startup/assertPlatformsRegistered'

// The adapter contract and the helpers adapters use
export { errorFromResponse, PublishingError, redactError, toPublishingError } from '../errors'
export {
  MAX_IMAGE_BYTES,
  MAX_JSON_BYTES,
  MAX_RECEIVER_ANSWER_BYTES,
  readText,
  ResponseTooLargeError,
} from '../net/readBody'
export { ALLOW_PRIVATE_ENV, safeFetch } from '../net/safeFetch'
export type { PublishingRecord } from '../records'
export type * from '../types'
