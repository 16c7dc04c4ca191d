import type { CollectionBeforeChangeHook } from 'payload'

import { keyRingOf } from '../registry'

/**
 * Encrypts newly given credentials into `credentialsSealed` and drops the plaintext, so it is
 * stored nowhere else (no versions are kept for integrations, and `credentials` is virtual).
 */
export const sealCredentials: CollectionBeforeChangeHook = ({ data, req }) => {
  const { credentials, ...rest } = data as Record<string, unknown>
  if (credentials && typeof credentials === 'object') {
    return {
      ...rest,
      credentialsSealed: keyRingOf(req.payload).encrypt(credentials as Record<string, string>),
      hasCredentials: true,
    }
  }
  return rest
}
