import type { UnpublishInput } from '@plugins/publishing/exports/server'

import type { ShopifyContext, UserError } from './client'

import { shopifyClient, userErrorsFailure } from './client'
import { ARTICLE_DELETE, ARTICLE_UPDATE, PAGE_DELETE, PAGE_UPDATE } from './documents'
import { shopifyKind } from './mapping'

type Payload = { userErrors: UserError[] }

/**
 * `unpublish` hides the copy (`isPublished: false`); `delete` deletes it (Shopify has no trash). A
 * copy that is gone already is not an error.
 */
export const unpublish = async (
  context: ShopifyContext,
  { document, remote, action }: UnpublishInput,
): Promise<void> => {
  const client = shopifyClient(context)
  const isPost = shopifyKind(document.collection) === 'article'
  const noun = `Shopify ${isPost ? 'article' : 'page'} ${remote.id}`
  let payload: Payload
  let what: string
  if (action === 'delete') {
    what = `Deleting ${noun}`
    payload = isPost
      ? (await client.request<{ articleDelete: Payload }>(ARTICLE_DELETE, { id: remote.id }, what))
          .articleDelete
      : (await client.request<{ pageDelete: Payload }>(PAGE_DELETE, { id: remote.id }, what))
          .pageDelete
  } else {
    what = `Unpublishing ${noun}`
    payload = isPost
      ? (
          await client.request<{ articleUpdate: Payload }>(
            ARTICLE_UPDATE,
            { id: remote.id, article: { isPublished: false } },
            what,
          )
        ).articleUpdate
      : (
          await client.request<{ pageUpdate: Payload }>(
            PAGE_UPDATE,
            { id: remote.id, page: { isPublished: false } },
            what,
          )
        ).pageUpdate
  }
  const errors = payload.userErrors.filter((e) => e.code !== 'NOT_FOUND')
  if (errors.length) throw userErrorsFailure(errors, what)
}
