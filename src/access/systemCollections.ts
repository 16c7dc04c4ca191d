import type { SanitizedConfig } from 'payload'

import { holdLockAsCurrentUser, LOCKS, locksOfEditableDocuments } from './lockedDocuments'
import { forSessionsOnly, ownPreferences, PREFERENCES, sessionsOnly } from './preferences'

const closed = (): boolean => false

/**
 * Payload adds its document-lock and preference collections while it builds the config, after
 * every plugin has run, with access open to any signed-in user (API keys included). There is no
 * option to set their access, so it is set here on the built config, before Payload starts.
 * (`payload-jobs` is already closed to every request by Payload.)
 */
export const lockDownSystemCollections = (config: SanitizedConfig): SanitizedConfig => {
  for (const collection of config.collections) {
    if (collection.slug === LOCKS) {
      collection.access = {
        ...collection.access,
        create: closed,
        read: locksOfEditableDocuments,
        update: locksOfEditableDocuments,
        delete: locksOfEditableDocuments,
      }
      collection.hooks.beforeChange = [
        ...(collection.hooks.beforeChange ?? []),
        holdLockAsCurrentUser,
      ]
    }
    if (collection.slug === PREFERENCES) {
      collection.access = {
        ...collection.access,
        create: sessionsOnly,
        read: ownPreferences,
        update: ownPreferences,
        delete: ownPreferences,
      }
      if (Array.isArray(collection.endpoints))
        collection.endpoints = collection.endpoints.map(forSessionsOnly)
    }
  }
  return config
}
