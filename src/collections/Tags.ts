import { taxonomy } from './taxonomy'

export const Tags = taxonomy({ slug: 'tags', noun: 'tag' })
