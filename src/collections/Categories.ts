import { taxonomy } from './taxonomy'

export const Categories = taxonomy({ slug: 'categories', noun: 'category' })
