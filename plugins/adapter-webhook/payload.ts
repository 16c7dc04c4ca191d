import type { DeliveryDocument, UnpublishInput } from '@plugins/publishing/exports/server'

export type WebhookEvent = 'publish' | 'update' | 'unpublish' | 'delete' | 'ping'

/** The JSON body a receiver gets: `{ event, idempotencyKey, document }`. */
export type WebhookBody = {
  event: WebhookEvent
  idempotencyKey: string
  document: WebhookDocument | null
}

export type WebhookDocument = Omit<DeliveryDocument, 'status'> & {
  status: 'publish' | 'draft'
  remoteId: string | null
}

/** The document as sent on publish and update. */
export const toWebhookDocument = (
  document: DeliveryDocument,
  remoteId: string | null,
): WebhookDocument => ({
  ...document,
  remoteId,
})

/** The little that is known of a document when its copy is removed (it may be deleted already). */
export const toRemovalDocument = ({ document, remote }: UnpublishInput) => ({
  collection: document.collection,
  id: document.id,
  title: document.title,
  slug: document.slug,
  site: document.site,
  remoteId: remote.id,
})
