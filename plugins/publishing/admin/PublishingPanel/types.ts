import type { PublishingRecord } from '../../records'

/** A publishing record as the admin reads it over REST (`depth=1`: the integration populated). */
export type RecordView = Pick<
  PublishingRecord,
  'id' | 'status' | 'remoteUrl' | 'lastAttemptAt' | 'lastError' | 'publishedAt'
> & {
  integration: PublishingRecord['integration'] | { id: number; name: string; platform: string }
  /** Written by two-way sync for a record in `conflict` (a JSON field: read as the admin shows it). */
  remoteVersion?: {
    title?: string
    slug?: string
    html?: string
    excerpt?: string
    status?: string
    modifiedAt?: string
    url?: string
  } | null
}

export type IntegrationView = { id: number; name: string; platform: string; isActive?: boolean }

export const integrationIdOf = (record: RecordView): number =>
  typeof record.integration === 'number' ? record.integration : record.integration.id
