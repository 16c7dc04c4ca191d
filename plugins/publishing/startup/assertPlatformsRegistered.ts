import type { Payload } from 'payload'

import { INTEGRATIONS } from '../defaults'
import { registryOf } from '../registry'

/**
 * Refuses to start when an integration in the database uses a platform no adapter registers
 * (an adapter plugin was removed from payload.config.ts): its deliveries could never run.
 */
export const assertPlatformsRegistered = async (payload: Payload): Promise<void> => {
  const { adapters } = registryOf(payload)
  const { docs } = await payload.find({
    collection: INTEGRATIONS,
    select: { platform: true, name: true },
    limit: 0,
    depth: 0,
    overrideAccess: true,
  })
  const orphans = docs.filter((d) => !adapters.has(String(d.platform)))
  if (!orphans.length) return
  const platforms = [...new Set(orphans.map((d) => `"${String(d.platform)}"`))].join(', ')
  const names = orphans.map((d) => `"${String(d.name)}"`).join(', ')
  throw new Error(
    `[publishing] no adapter registered for platform ${platforms}, used by integration(s) ${names}: ` +
      'add its adapter plugin to payload.config.ts',
  )
}
