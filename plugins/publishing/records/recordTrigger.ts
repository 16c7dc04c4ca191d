import type { PayloadRequest } from 'payload'

import type { QueuedRecord } from './record'

import { updateRecord } from './records'

/**
 * Notes on a record who asked for its newest revision by hand ("Publish now", "Retry"). The
 * activity shows this person for that revision, and the document's `lastEditedBy` for revisions
 * that a save triggered.
 */
export const recordTrigger = async (
  req: PayloadRequest,
  record: QueuedRecord | null,
): Promise<void> => {
  if (!record || !req.user || typeof req.user.id !== 'number') return
  await updateRecord(req, record.id, {
    triggeredBy: req.user.id,
    triggeredRevision: record.revision,
  })
}
