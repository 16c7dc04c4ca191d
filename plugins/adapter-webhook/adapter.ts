import type { DestinationAdapter } from '@plugins/publishing/exports/server'

import { toPublishingError } from '@plugins/publishing/exports/server'

import { postEvent, type WebhookConfig, type WebhookCredentials } from './deliver'
import { toRemovalDocument, toWebhookDocument } from './payload'

/**
 * A generic signed webhook: every change is POSTed as JSON to one URL, signed with HMAC-SHA256.
 * Receivers deduplicate on the `Idempotency-Key` header, which a retried delivery repeats; that is
 * how a delivery whose answer was lost never makes a second copy.
 */
export const webhookAdapter: DestinationAdapter<WebhookConfig, WebhookCredentials> = {
  platform: 'webhook',
  label: 'Webhook',
  platformType: 'custom_api',
  description: 'POSTs signed JSON to any HTTP endpoint on every publish, update and removal.',
  configFields: [
    {
      name: 'url',
      label: 'Endpoint URL',
      type: 'url',
      required: true,
      description: 'Receives a POST for every change.',
    },
  ],
  credentialFields: [
    {
      name: 'signingSecret',
      label: 'Signing secret',
      type: 'secret',
      required: true,
      description: 'Signs each body: X-Syndicate-Signature: sha256=<hex HMAC-SHA256>.',
    },
  ],
  capabilities: { drafts: true, delete: true, findExisting: false, pull: false },

  async testConnection(context) {
    try {
      await postEvent(context, 'ping', `syndicate-ping-${Date.now()}`, null)
      return { ok: true, message: `The endpoint at ${context.config.url} accepted a signed ping.` }
    } catch (error) {
      return { ok: false, message: toPublishingError(error, 'The ping').message }
    }
  },

  async publish(context, { document, remote, idempotencyKey }) {
    const event = remote ? 'update' : 'publish'
    const answer = await postEvent(
      context,
      event,
      idempotencyKey,
      toWebhookDocument(document, remote?.id ?? null),
    )
    return {
      remoteId: answer.id ?? remote?.id ?? `${document.collection}-${document.id}`,
      remoteUrl: answer.url ?? remote?.url ?? null,
      remoteModifiedAt: new Date().toISOString(),
    }
  },

  async unpublish(context, input) {
    await postEvent(context, input.action, input.idempotencyKey, toRemovalDocument(input))
  },
}
