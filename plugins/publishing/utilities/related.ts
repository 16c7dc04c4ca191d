/** A relationship's value as Payload hands it over: an id, a populated document, or nothing. */
export type Related = number | { id: number } | null | undefined
export const relatedId = (value: Related): number | null =>
  typeof value === 'number' ? value : value && typeof value === 'object' ? value.id : null

/** The ids of a relationship list (ids or populated documents), empty for none. */
export const relatedIds = (values: readonly Related[] | null | undefined): number[] =>
  (values ?? []).map(relatedId).filter((id): id is number => id !== null)
