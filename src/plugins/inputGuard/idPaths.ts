import type { Field } from 'payload'

export type IdField = { path: string; relationTo: string | string[]; hasMany: boolean }

/**
 * Every relationship and upload field of a collection with its dotted path (`site`,
 * `settings.logo`, `blocks.image`), through groups, arrays, blocks, rows, collapsibles and tabs.
 */
export const idFieldsOf = (fields: Field[], prefix = ''): IdField[] =>
  fields.flatMap((field): IdField[] => {
    const named = 'name' in field && field.name ? `${prefix}${field.name}` : null
    switch (field.type) {
      case 'relationship':
      case 'upload':
        return named ? [{ path: named, relationTo: field.relationTo, hasMany: Boolean(field.hasMany) }] : []
      case 'group':
      case 'array':
        return idFieldsOf(field.fields, named ? `${named}.` : prefix)
      case 'blocks':
        return (field.blocks ?? []).flatMap((block) => (typeof block === 'string' ? [] : idFieldsOf(block.fields, `${named}.`)))
      case 'row':
      case 'collapsible':
        return idFieldsOf(field.fields, prefix)
      case 'tabs':
        return field.tabs.flatMap((tab) => idFieldsOf(tab.fields, 'name' in tab && tab.name ? `${prefix}${tab.name}.` : prefix))
      default:
        return []
    }
  })
