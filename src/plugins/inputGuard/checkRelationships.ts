import type { Field, RelationshipField, UploadField } from 'payload'

import { APIError } from 'payload'

import { MAX_ID, parseId, relationScalar } from '@plugins/publishing/exports/server'

type Data = Record<string, unknown>

const isObject = (value: unknown): value is Data =>
  Boolean(value) && typeof value === 'object' && !Array.isArray(value)

const refuse = (message: string): never => {
  throw new APIError(message, 400, undefined, true)
}

const nounOf = (relationTo: string | string[]): string =>
  Array.isArray(relationTo) ? relationTo.join(' or ') : relationTo

/** One id of a relationship: a number, a numeric string, `{ id }` (a populated document) or `{ relationTo, value }`. */
const checkOne = (path: string, relationTo: string | string[], value: unknown): void => {
  if (value === null || value === undefined || value === '') return
  if (Array.isArray(relationTo)) {
    if (!isObject(value) || typeof value.relationTo !== 'string') {
      refuse(
        `"${path}" must be { "relationTo": ${relationTo.map((r) => `"${r}"`).join(' | ')}, "value": <id> }.`,
      )
    }
    return checkOne(path, String((value as Data).relationTo), (value as Data).value)
  }
  // The spellings access reads (`readId`): an id, `{ id }`, or `{ relationTo, value }` naming this collection.
  const raw = relationScalar(value, relationTo)
  if (isObject(value) && 'relationTo' in value && value.relationTo !== relationTo) {
    refuse(`"${path}" must name ${relationTo}, not ${JSON.stringify(value.relationTo)}.`)
  }
  const parsed = parseId(raw)
  if ('id' in parsed) return
  if (parsed.problem === 'out of range') {
    refuse(
      `"${path}" is ${String(raw)}, which no document of ${nounOf(relationTo)} can have: ids go from 1 to ${MAX_ID}.`,
    )
  }
  refuse(
    `"${path}" must be an id from ${nounOf(relationTo)} (a whole number such as 42), not ${JSON.stringify(raw)}.`,
  )
}

const checkField = (field: RelationshipField | UploadField, value: unknown, path: string): void => {
  if (!field.hasMany) {
    if (Array.isArray(value)) refuse(`"${path}" takes one id, not a list.`)
    return checkOne(path, field.relationTo, value)
  }
  if (value === null || value === undefined) return
  if (!Array.isArray(value)) refuse(`"${path}" must be a list of ids.`)
  for (const item of value as unknown[]) checkOne(path, field.relationTo, item)
}

/**
 * Checks every relationship and upload value of a create or update body before Payload, the
 * access rules or any hook reads it: ids past 32 bits, lists where one id goes and objects where
 * an id goes otherwise reached hooks and the database, and came back as 500s.
 */
export const checkRelationships = (fields: Field[], data: unknown, prefix = ''): void => {
  if (!isObject(data)) return
  for (const field of fields) {
    const named = 'name' in field && field.name ? field.name : null
    const value = named ? data[named] : data
    const path = named ? `${prefix}${named}` : prefix.replace(/\.$/, '')
    switch (field.type) {
      case 'relationship':
      case 'upload':
        if (named && named in data) checkField(field, value, path)
        break
      case 'group':
        checkRelationships(field.fields, value, named ? `${path}.` : prefix)
        break
      case 'array':
        if (Array.isArray(value))
          value.forEach((row, i) => checkRelationships(field.fields, row, `${path}.${i}.`))
        break
      case 'blocks':
        if (Array.isArray(value)) {
          value.forEach((row, i) => {
            const block = isObject(row)
              ? field.blocks?.find((b) => typeof b !== 'string' && b.slug === row.blockType)
              : undefined
            if (block && typeof block !== 'string')
              checkRelationships(block.fields, row, `${path}.${i}.`)
          })
        }
        break
      case 'row':
      case 'collapsible':
        checkRelationships(field.fields, data, prefix)
        break
      case 'tabs':
        for (const tab of field.tabs) {
          const tabName = 'name' in tab && tab.name ? tab.name : null
          checkRelationships(
            tab.fields,
            tabName ? data[tabName] : data,
            tabName ? `${prefix}${tabName}.` : prefix,
          )
        }
        break
      default:
        break
    }
  }
}
