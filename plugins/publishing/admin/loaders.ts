/**
 * The list views' look-ups, one request per render instead of one per row: each cell asks for its
 * document's records or its integration's failure count, and the keys asked for together go out
 * as a single `in` query.
 */
import type { PublishingRecord } from '../records'
import type { RecordView } from './PublishingPanel/types'

import { apiRequest, whereQuery } from './api'
import { batchLoader } from './batch'

export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string }

/** Integration ids to names, in one request (an id whose name cannot be read stays unnamed). */
export const loadIntegrationNames = async (
  api: string,
  ids: number[],
): Promise<Map<number, string>> => {
  if (!ids.length) return new Map()
  const query = whereQuery([['id', 'in', ids]], {
    depth: 0,
    pagination: 'false',
    'select[name]': 'true',
  })
  const result = await apiRequest<{ docs: { id: number; name: string }[] }>(
    api,
    `/integrations?${query}`,
  )
  return new Map(result.ok ? result.data.docs.map((d) => [d.id, d.name]) : [])
}

/** A record with its destination's name, as `depth=1` gave it (the id alone when unreadable). */
const named = (record: RecordView, names: Map<number, string>): RecordView => {
  if (typeof record.integration !== 'number') return record
  const name = names.get(record.integration)
  return name === undefined
    ? record
    : { ...record, integration: { id: record.integration, name, platform: '' } }
}

/** A record of a listed document: the view with the document's id. */
type DocumentRecordView = RecordView & Pick<PublishingRecord, 'documentId'>

const recordLoaders = new Map<string, (documentId: number) => Promise<Loaded<RecordView[]>>>()

/** The publishing records of one document of `collection`, batched with the other rows. */
export const loadDocumentRecords = (
  api: string,
  collection: string,
  documentId: number,
): Promise<Loaded<RecordView[]>> => {
  const key = `${api}\n${collection}`
  let load = recordLoaders.get(key)
  if (!load) {
    load = batchLoader(async (documentIds: number[]) => {
      const query = whereQuery(
        [
          ['documentCollection', 'equals', collection],
          ['documentId', 'in', documentIds],
        ],
        { depth: 0, pagination: 'false' },
      )
      const result = await apiRequest<{ docs: DocumentRecordView[] }>(
        api,
        `/publishing-records?${query}`,
      )
      if (!result.ok) return (): Loaded<RecordView[]> => ({ ok: false, message: result.message })
      const integrationIds = [
        ...new Set(
          result.data.docs
            .map((r) => r.integration)
            .filter((i): i is number => typeof i === 'number'),
        ),
      ]
      const names = await loadIntegrationNames(api, integrationIds)
      const byDocument = new Map<number, RecordView[]>()
      for (const record of result.data.docs) {
        const id = Number(record.documentId)
        const list = byDocument.get(id)
        if (list) list.push(named(record, names))
        else byDocument.set(id, [named(record, names)])
      }
      return (id: number): Loaded<RecordView[]> => ({ ok: true, value: byDocument.get(id) ?? [] })
    })
    recordLoaders.set(key, load)
  }
  return load(documentId)
}

const failureLoaders = new Map<string, (integration: number | string) => Promise<number | null>>()

/** How many deliveries of an integration are `failed` now (null when unknown), batched. */
export const loadFailureCount = (
  api: string,
  integration: number | string,
): Promise<number | null> => {
  let load = failureLoaders.get(api)
  if (!load) {
    load = batchLoader(async (integrations: (number | string)[]) => {
      const query = whereQuery(
        [
          ['integration', 'in', integrations],
          ['status', 'equals', 'failed'],
        ],
        { depth: 0, pagination: 'false', 'select[integration]': 'true' },
      )
      const result = await apiRequest<{ docs: { integration: number | { id: number } }[] }>(
        api,
        `/publishing-records?${query}`,
      )
      if (!result.ok) return () => null
      const counts = new Map<string, number>()
      for (const record of result.data.docs) {
        const id = String(
          typeof record.integration === 'object' ? record.integration.id : record.integration,
        )
        counts.set(id, (counts.get(id) ?? 0) + 1)
      }
      return (id: number | string) => counts.get(String(id)) ?? 0
    })
    failureLoaders.set(api, load)
  }
  return load(integration)
}
