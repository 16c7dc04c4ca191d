import type { CollectionBeforeChangeHook } from 'payload'

/**
 * Remembers who made each change of a delivered document (`lastEditedBy`, kept in its versions),
 * so the publishing activity can say who triggered a delivery made by a save.
 */
export const recordEditor: CollectionBeforeChangeHook = ({ data, req }) => {
  const user = req.user
  if (!user || typeof user.id !== 'number') return data
  return { ...data, lastEditedBy: user.id }
}
