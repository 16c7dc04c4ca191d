import type { CollectionBeforeOperationHook, Where } from 'payload'

import { checkRelationships } from './checkRelationships'
import { checkRouteId } from './checkRouteId'
import { checkWhere } from './checkWhere'
import { idFieldsOf } from './idPaths'

/**
 * Before any operation of any collection, over REST, GraphQL and the Local API: the route's `:id`,
 * the `where` query and the relationship values of a body must be ids PostgreSQL can hold, or
 * the request is answered 400/404 with a sentence. Runs before access and every other hook.
 */
export const guardIds: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  checkRouteId(req, collection)
  const relationships = new Set(idFieldsOf(collection.fields).map((field) => field.path))
  if ('where' in args) checkWhere(args.where as Where | undefined, relationships)
  if ((operation === 'create' || operation === 'update') && 'data' in args) checkRelationships(collection.fields, args.data)
  return args
}
