import type { CollectionBeforeOperationHook, SanitizedCollectionConfig } from 'payload'

import { checkRelationships } from './checkRelationships'
import { checkRouteId } from './checkRouteId'
import { checkPage, checkWhere, type QueryablePaths } from './checkWhere'
import { pathsOf } from './pathsOf'

const queryable = new WeakMap<object, QueryablePaths>()

/** The dotted paths of a collection's relationship and point fields, worked out once per collection. */
const queryableOf = (collection: SanitizedCollectionConfig): QueryablePaths => {
  let paths = queryable.get(collection)
  if (!paths) {
    paths = {
      relationships: new Set(pathsOf(collection.fields, ['relationship', 'upload'])),
      points: new Set(pathsOf(collection.fields, ['point'])),
    }
    queryable.set(collection, paths)
  }
  return paths
}

/**
 * Before any operation of any collection, over REST, GraphQL and the Local API: the route's `:id`,
 * the `where` query, `page` and the relationship values of a body must be what PostgreSQL can
 * take, or the request is answered 400/404 with a sentence. Runs before access and every other hook.
 */
export const guardInput: CollectionBeforeOperationHook = ({ args, collection, operation, req }) => {
  checkRouteId(req, collection)
  if ('where' in args) checkWhere(args.where, queryableOf(collection))
  if ('page' in args) checkPage(args.page)
  if ((operation === 'create' || operation === 'update') && 'data' in args)
    checkRelationships(collection.fields, args.data)
  return args
}
