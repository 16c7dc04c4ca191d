/** The unique key of the one record per (document, integration). */
export const recordKey = (collection: string, id: number, integration: number): string =>
  `${collection}:${id}@${integration}`
