import type { DocumentNode, FragmentDefinitionNode, GraphQLSchema, SelectionSetNode } from 'graphql'

import {
  getNamedType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type GraphQLCompositeType,
} from 'graphql'

/**
 * Shopify's calculated query cost (shopify.dev/docs/api/usage/rate-limits#cost-calculation), as far
 * as it is published: scalars and enums 0, an object 1, a connection 2 plus its page size (`first`
 * or `last`) times the cost of one node, each mutation field 10 (its selection is not charged).
 * `connections` gets, for every connection field at the top level of a query, the page size it was
 * charged for and the cost of one of its items, so that the answer can refund unused items.
 */
export type CostPlan = {
  requested: number
  connections: Map<string, { size: number; perItem: number }>
}

const isConnection = (typeName: string): boolean => typeName.endsWith('Connection')

type Walk = {
  schema: GraphQLSchema
  fragments: Map<string, FragmentDefinitionNode>
  variables: Record<string, unknown>
}

const argNumber = (
  walk: Walk,
  node: { arguments?: readonly { name: { value: string }; value: any }[] },
  name: string,
): number | null => {
  const arg = node.arguments?.find((a) => a.name.value === name)
  if (!arg) return null
  if (arg.value.kind === Kind.INT) return Number(arg.value.value)
  if (arg.value.kind === Kind.VARIABLE) {
    const value = walk.variables[arg.value.name.value]
    return typeof value === 'number' ? value : null
  }
  return null
}

/** The cost of one selection set on `parent`. */
const selectionCost = (
  walk: Walk,
  set: SelectionSetNode | undefined,
  parent: GraphQLCompositeType,
  top: CostPlan | null,
): number => {
  if (!set) return 0
  let total = 0
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition
        ? (walk.schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType)
        : parent
      total += selectionCost(walk, selection.selectionSet, type, null)
      continue
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value)
      if (fragment)
        total += selectionCost(
          walk,
          fragment.selectionSet,
          walk.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType,
          null,
        )
      continue
    }
    if (selection.name.value.startsWith('__')) continue
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue
    const field = parent.getFields()[selection.name.value]
    if (!field) continue
    const named = getNamedType(field.type)
    if (!isCompositeType(named)) continue
    if (isConnection(named.name)) {
      const size = argNumber(walk, selection, 'first') ?? argNumber(walk, selection, 'last') ?? 0
      // One item: the node (1 + its fields), however it is reached (nodes or edges { node }).
      let perItem = 0
      for (const inner of selection.selectionSet?.selections ?? []) {
        if (inner.kind !== Kind.FIELD) continue
        const innerField = (named as any).getFields()[inner.name.value]
        if (!innerField) continue
        const innerType = getNamedType(innerField.type) as unknown as GraphQLCompositeType
        if (inner.name.value === 'pageInfo') continue
        perItem = Math.max(
          perItem,
          inner.name.value === 'edges'
            ? selectionCost(walk, inner.selectionSet, innerType, null)
            : 1 + selectionCost(walk, inner.selectionSet, innerType, null),
        )
      }
      perItem = Math.max(perItem, 1)
      top?.connections.set(selection.alias?.value ?? selection.name.value, { size, perItem })
      total += 2 + size * perItem
    } else {
      total += 1 + selectionCost(walk, selection.selectionSet, named, null)
    }
  }
  return total
}

/** The requested cost of the operation in `document` (the first one), with `variables`. */
export const planCost = (
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
): CostPlan => {
  const fragments = new Map<string, FragmentDefinitionNode>()
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition)
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)
  const plan: CostPlan = { requested: 0, connections: new Map() }
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return plan
  const walk: Walk = { schema, fragments, variables }
  if (operation.operation === 'mutation') {
    plan.requested =
      operation.selectionSet.selections.filter(
        (s) => s.kind === Kind.FIELD && !s.name.value.startsWith('__'),
      ).length * 10
    return plan
  }
  plan.requested = selectionCost(walk, operation.selectionSet, schema.getQueryType()!, plan)
  return plan
}
