import type { Payload } from 'payload'

import { INTEGRATIONS } from '../defaults'
import { keyRingOf } from '../registry'

export type RotationReport = {
  rotated: number
  current: number
  failed: { id: number; name: string; reason: string }[]
}

/**
 * Re-encrypts every integration's credentials under the key ring's first key, so an old key can
 * then be dropped from CREDENTIALS_KEYS. Reads and writes the sealed column directly (the
 * collection's hooks hide it); an integration whose credentials cannot be opened is reported and
 * left as it is, never half-written.
 */
export const rotateCredentials = async (payload: Payload): Promise<RotationReport> => {
  const ring = keyRingOf(payload)
  const { docs } = await payload.db.find<{
    id: number
    name: string
    credentialsSealed?: string | null
  }>({
    collection: INTEGRATIONS,
    limit: 0,
    pagination: false,
  })
  const report: RotationReport = { rotated: 0, current: 0, failed: [] }
  for (const row of docs) {
    if (!row.credentialsSealed) continue
    if (!ring.needsRotation(row.credentialsSealed)) {
      report.current++
      continue
    }
    try {
      const credentialsSealed = ring.encrypt(ring.decrypt(row.credentialsSealed))
      await payload.db.updateOne({
        collection: INTEGRATIONS,
        id: row.id,
        data: { credentialsSealed },
      })
      report.rotated++
    } catch (error) {
      report.failed.push({
        id: row.id,
        name: row.name,
        reason: error instanceof Error ? error.message : String(error),
      })
    }
  }
  return report
}
