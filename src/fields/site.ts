import type { RelationshipField } from 'payload'

/** The site a document belongs to. Every piece of content belongs to exactly one site. */
export const siteField = (): RelationshipField => ({
  name: 'site',
  type: 'relationship',
  relationTo: 'sites',
  required: true,
  index: true,
  admin: { position: 'sidebar' },
})
