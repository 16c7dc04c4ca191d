import type {
  DeliveryDocument,
  PublishInput,
  PublishResult,
} from '@plugins/publishing/exports/server'

import { decodeEntities, PublishingError } from '@plugins/publishing/exports/server'

import type { WordPressClient, WordPressContext } from './client'

import { wordPressClient } from './client'
import {
  fromWordPressPost,
  toWordPressPost,
  wordPressType,
  type WordPressPost,
  type WordPressPostInput,
} from './mapping'
import { copyImages } from './media'
import { EMBED, toRemoteItem } from './remoteItem'
import { allowedTemplates, matchTemplate, templateNotApplied, templateRequest } from './templates'
import { resolveTerms } from './terms'

/** What the platform stores about a WordPress copy. */
export const toPublishResult = (post: WordPressPost): PublishResult => ({
  remoteId: String(post.id),
  remoteUrl: post.link,
  remoteModifiedAt: post.modifiedAt,
})

type Written = { post: WordPressPost; raw: unknown }

/** WordPress refused the page template it was sent; `allowed` are the ones it has. */
class TemplateRefused {
  constructor(readonly allowed: string[]) {}
}

/** Narrows a create/update answer, which must be the post itself. */
export const postFrom = (body: unknown, what: string): WordPressPost => {
  const post = fromWordPressPost(body)
  if (!post)
    throw new PublishingError(`${what} failed: WordPress answered without the post.`, {
      retryable: true,
    })
  return post
}

/** The capability WordPress checks for `status` (`publish`/`future` need publish_*; drafts edit_*). */
const capabilityFor = (document: DeliveryDocument, status: WordPressPostInput['status']): string =>
  `${status === 'draft' ? 'edit' : 'publish'}_${wordPressType(document.collection).route}`

const write = async (
  client: WordPressClient,
  document: DeliveryDocument,
  body: WordPressPostInput,
  remoteId: string | null,
): Promise<Written | null | TemplateRefused> => {
  const { noun, route } = wordPressType(document.collection)
  const what = remoteId
    ? `Updating WordPress ${noun} ${remoteId}`
    : `Creating the WordPress ${noun}`
  const { status, body: answer } = await client.request(
    'POST',
    `/wp/v2/${route}${remoteId ? `/${remoteId}` : ''}`,
    {
      what,
      json: body,
      // With its terms and featured image embedded: the answer is the copy as sync will list it.
      query: { context: 'edit', _embed: EMBED },
      capability: capabilityFor(document, body.status),
      allow: [...(remoteId ? [404, 410] : []), ...(body.template ? [400] : [])],
    },
  )
  if (status === 400) {
    const allowed = allowedTemplates(answer)
    if (allowed) return new TemplateRefused(allowed)
    // Any other 400 (a bad parent, date or status): WordPress's own sentence, as other failures say.
    const said = (answer as { message?: unknown } | null)?.message
    const reason = typeof said === 'string' ? `: ${decodeEntities(said).slice(0, 300)}` : ''
    throw new PublishingError(`${what} failed: WordPress answered 400${reason}.`, {
      retryable: false,
    })
  }
  return status === 404 || status === 410 ? null : { post: postFrom(answer, what), raw: answer }
}

/**
 * Creates or updates the WordPress copy of `document`: terms (posts) and images first, then the
 * post or page. An update of a copy that is gone (deleted for good in WordPress) creates it again.
 */
export const publish = async (
  context: WordPressContext,
  { document, remote }: PublishInput,
): Promise<PublishResult> => {
  const client = wordPressClient(context)
  const type = wordPressType(document.collection)
  const isPost = type.kind === 'post'
  const terms = {
    categories: isPost ? await resolveTerms(client, 'categories', document.categories) : [],
    tags: isPost ? await resolveTerms(client, 'tags', document.tags) : [],
  }
  const { featuredMediaId, imageMap } = await copyImages(client, context, document)
  const parentRemoteId = Number(document.parent?.remoteId)
  const parentId = Number.isInteger(parentRemoteId) && parentRemoteId > 0 ? parentRemoteId : null
  const body = toWordPressPost(document, { terms, featuredMediaId, imageMap, parentId })
  const wanted =
    type.kind === 'page' ? templateRequest(document.template, context.config.pageTemplates) : null
  if (type.kind === 'page') body.template = wanted?.file ?? ''
  const notes: string[] = []
  // A refused template is asked for once more under the theme's name for it, else left out.
  const send = async (remoteId: string | null): Promise<Written | null> => {
    const first = await write(client, document, body, remoteId)
    if (!(first instanceof TemplateRefused)) return first
    const match = wanted ? matchTemplate(wanted.ours, first.allowed) : null
    if (match && match !== body.template) body.template = match
    else {
      body.template = ''
      notes.push(templateNotApplied(wanted?.ours ?? '', first.allowed))
    }
    const second = await write(client, document, body, remoteId)
    if (second instanceof TemplateRefused) {
      body.template = ''
      if (!notes.length) notes.push(templateNotApplied(wanted?.ours ?? '', second.allowed))
      const third = await write(client, document, body, remoteId)
      if (third instanceof TemplateRefused)
        throw new PublishingError('WordPress refused the default page template.', {
          retryable: false,
        })
      return third
    }
    return second
  }
  const updated = remote ? await send(remote.id) : null
  if (remote && !updated)
    context.logger.warn('the WordPress copy is gone; creating it again', { remoteId: remote.id })
  const written = updated ?? (await send(null))
  if (!written)
    throw new PublishingError(
      `Creating the WordPress ${type.noun} failed: WordPress answered 404.`,
      { retryable: false },
    )
  const item = toRemoteItem(written.raw, document.collection)
  return {
    ...toPublishResult(written.post),
    ...(item ? { item } : {}),
    ...(notes.length ? { notes } : {}),
  }
}
