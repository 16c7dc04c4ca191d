/** A publishing record as the admin reads it over REST (`depth=1`: the integration populated). */
export type RecordView = {
  id: number
  status: string
  remoteUrl?: string | null
  lastAttemptAt?: string | null
  lastError?: string | null
  publishedAt?: string | null
  integration: number | { id: number; name: string; platform: string }
  /** Written by two-way sync for a record in `conflict`. */
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
