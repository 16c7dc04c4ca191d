import type { CollectionAfterReadHook } from 'payload'

/** Credentials are write-only: whatever asked, nothing of them leaves the server. */
export const hideCredentials: CollectionAfterReadHook = ({ doc }) => {
  const {
    credentials: _plain,
    credentialsSealed: _sealed,
    ...visible
  } = doc as Record<string, unknown>
  return visible
}
