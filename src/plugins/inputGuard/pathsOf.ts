import type { Field } from 'payload'

type FieldType = Field['type']

/**
 * The dotted path of every field of the given types (`site`, `settings.logo`, `layout.image`),
 * through groups, arrays, blocks, rows, collapsibles and tabs: the paths a `where` query names.
 */
export const pathsOf = (fields: Field[], types: FieldType[], prefix = ''): string[] =>
  fields.flatMap((field): string[] => {
    const named = 'name' in field && field.name ? `${prefix}${field.name}` : null
    switch (field.type) {
      case 'group':
      case 'array':
        return pathsOf(field.fields, types, named ? `${named}.` : prefix)
      case 'blocks':
        return (field.blocks ?? []).flatMap((block) =>
          typeof block === 'string' ? [] : pathsOf(block.fields, types, `${named}.`),
        )
      case 'row':
      case 'collapsible':
        return pathsOf(field.fields, types, prefix)
      case 'tabs':
        return field.tabs.flatMap((tab) =>
          pathsOf(tab.fields, types, 'name' in tab && tab.name ? `${prefix}${tab.name}.` : prefix),
        )
      default:
        return named && types.includes(field.type) ? [named] : []
    }
  })
