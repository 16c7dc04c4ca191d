import type { AdapterContext } from '@plugins/publishing/exports/server'

import {
  errorFromResponse,
  MAX_RECEIVER_ANSWER_BYTES,
  PublishingError,
  readText,
  ResponseTooLargeError,
  toPublishingError,
} from '@plugins/publishing/exports/server'

import type { WebhookEvent } from './payload'

import { sign } from './sign'

export type WebhookConfig = { url: string }
export type WebhookCredentials = { signingSecret: string }
export type WebhookContext = AdapterContext<WebhookConfig, WebhookCredentials>

/** What a receiver may answer: `{ id, url }`, both optional. */
export type ReceiverAnswer = { id: string | null; url: string | null }

/** Reads the receiver's answer; one larger than MAX_RECEIVER_ANSWER_BYTES fails the event for good. */
const readAnswer = async (response: Response, event: WebhookEvent): Promise<ReceiverAnswer> => {
  const text = await readText(response, MAX_RECEIVER_ANSWER_BYTES).catch((error: unknown) => {
    if (error instanceof ResponseTooLargeError)
      throw toPublishingError(error, `The webhook ${event}`)
    return '' // an answer cut off on the way is still a success that tells us nothing
  })
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object') {
      const { id, url } = parsed as Record<string, unknown>
      return {
        id: typeof id === 'string' || typeof id === 'number' ? String(id) : null,
        url: typeof url === 'string' ? url : null,
      }
    }
  } catch {
    // A 2xx without JSON is still a success; it just tells us nothing.
  }
  return { id: null, url: null }
}

/** POSTs one signed event to the integration's URL; a non-2xx answer becomes a PublishingError. */
export const postEvent = async (
  context: WebhookContext,
  event: WebhookEvent,
  idempotencyKey: string,
  document: unknown,
): Promise<ReceiverAnswer> => {
  const secret = context.credentials.signingSecret
  if (!secret)
    throw new PublishingError('The webhook has no signing secret: enter one on the integration.', {
      retryable: false,
    })
  const body = JSON.stringify({ event, idempotencyKey, document })
  let response: Response
  try {
    response = await context.fetch(context.config.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Syndicate-Webhook/1',
        'Idempotency-Key': idempotencyKey,
        'X-Syndicate-Event': event,
        'X-Syndicate-Signature': sign(body, secret),
      },
      body,
      // A redirected POST would arrive as a body-less GET and look delivered: refuse instead.
      maxRedirects: 0,
    })
  } catch (error) {
    if (error instanceof Error && error.name === 'TooManyRedirectsError') {
      throw new PublishingError(
        `The webhook endpoint ${context.config.url} answered with a redirect: enter the URL it redirects to.`,
        { retryable: false },
      )
    }
    throw toPublishingError(error, `The webhook ${event}`)
  }
  // Removing a copy the receiver no longer has is done, not failed.
  if (
    (event === 'unpublish' || event === 'delete') &&
    (response.status === 404 || response.status === 410)
  ) {
    await response.body?.cancel()
    return { id: null, url: null }
  }
  if (!response.ok) throw await errorFromResponse(response, `The webhook ${event}`)
  return readAnswer(response, event)
}
