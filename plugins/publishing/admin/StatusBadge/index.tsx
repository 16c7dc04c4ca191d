import { Pill } from '@payloadcms/ui'

import { HEALTH_LABELS, type IntegrationHealth } from '../health'

import './index.css'

const STYLES = {
  healthy: 'success',
  failing: 'error',
  syncing: 'warning',
  disabled: 'light-gray',
} as const
// Payload's "success" is blue; people read green as "fine", so the tones are ours.
const TONES = { healthy: 'ok', failing: 'bad', syncing: 'busy', disabled: 'off' } as const

/** A destination's health as a coloured pill with its word (never colour alone). */
export const StatusBadge = ({ health }: { health: IntegrationHealth }) => (
  <Pill
    pillStyle={STYLES[health]}
    size="small"
    className={`syndicate-tone--${TONES[health]}`}
    aria-label={`Status: ${HEALTH_LABELS[health]}`}
  >
    {HEALTH_LABELS[health]}
  </Pill>
)

const RECORD_STYLES: Record<string, 'success' | 'error' | 'warning' | 'light-gray' | 'light'> = {
  published: 'success',
  failed: 'error',
  conflict: 'warning',
  queued: 'light',
  publishing: 'light',
  unpublished: 'light-gray',
}

const RECORD_TONES: Record<string, string> = {
  published: 'ok',
  failed: 'bad',
  conflict: 'warn',
  queued: 'busy',
  publishing: 'busy',
  unpublished: 'off',
}

const RECORD_LABELS: Record<string, string> = {
  published: 'Published',
  failed: 'Failed',
  conflict: 'Conflict',
  queued: 'Queued',
  publishing: 'Publishing…',
  unpublished: 'Unpublished',
  none: 'Not sent',
  draft: 'Draft',
}

/** One copy's delivery status (a publishing record's `status`), as a pill with its word. */
export const RecordStatusPill = ({ status, prefix }: { status: string; prefix?: string }) => (
  <Pill
    pillStyle={RECORD_STYLES[status] ?? 'light'}
    size="small"
    className={`syndicate-tone--${RECORD_TONES[status] ?? 'off'}`}
  >
    {prefix ? `${prefix}: ` : ''}
    {RECORD_LABELS[status] ?? status}
  </Pill>
)
