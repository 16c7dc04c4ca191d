import type { CollectionConfig, Config, Plugin } from 'payload'

import { answerRequestMistakes } from './answerRequestMistakes'
import { guardInput } from './guardInput'
import { mebibytes, UPLOAD_FILE_LIMIT } from './limits'

const withGuard = (collection: CollectionConfig): CollectionConfig => ({
  ...collection,
  hooks: {
    ...collection.hooks,
    beforeOperation: [guardInput, ...(collection.hooks?.beforeOperation ?? [])],
  },
})

/**
 * Hostile input answered with 4xx, for every collection at once (list it last, after the plugins
 * that add collections): ids and relationship values checked before any operation, the size of
 * uploaded files capped, and database errors caused by a request's values answered with a
 * sentence. JSON bodies are capped before they reach Payload, in `src/proxy.ts`.
 */
export const inputGuard =
  (): Plugin =>
  (incoming): Config => ({
    ...incoming,
    collections: (incoming.collections ?? []).map(withGuard),
    upload: {
      ...incoming.upload,
      limits: { fileSize: UPLOAD_FILE_LIMIT, ...incoming.upload?.limits },
      abortOnLimit: true,
      responseOnLimit: `The file is larger than ${mebibytes(UPLOAD_FILE_LIMIT)}, the most an upload may be. Make it smaller and upload it again.`,
    },
    hooks: {
      ...incoming.hooks,
      afterError: [...(incoming.hooks?.afterError ?? []), answerRequestMistakes],
    },
  })
