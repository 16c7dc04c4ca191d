'use client'
import { Button } from '@payloadcms/ui'

import type { RecordView } from './types'

import { formatWhen } from '../api'

export type LocalVersion = {
  title?: string
  slug?: string
  excerpt?: string
  status?: string
  updatedAt?: string
}

const ROWS: [
  string,
  (l: LocalVersion) => string | undefined,
  (r: NonNullable<RecordView['remoteVersion']>) => string | undefined,
][] = [
  ['Title', (l) => l.title, (r) => r.title],
  ['Slug', (l) => l.slug, (r) => r.slug],
  ['Excerpt', (l) => l.excerpt, (r) => r.excerpt],
  // Destinations say "publish" where Payload says "published": the same state, not a difference.
  ['Status', (l) => l.status, (r) => (r.status === 'publish' ? 'published' : r.status)],
  ['Changed', (l) => formatWhen(l.updatedAt), (r) => formatWhen(r.modifiedAt)],
]

/**
 * Both sides of a conflict side by side, and the two ways out: keep this version (it overwrites
 * the destination's copy) or keep the destination's (it replaces this document's content).
 */
export const ConflictView = ({
  record,
  local,
  destination,
  busy,
  onResolve,
}: {
  record: RecordView
  local: LocalVersion
  destination: string
  busy: boolean
  onResolve: (keep: 'local' | 'remote') => void
}) => {
  const remote = record.remoteVersion
  return (
    <div className="publishing-panel__conflict">
      <p>This document and its copy at {destination} were both changed since the last delivery.</p>
      {remote ? (
        <table className="publishing-panel__conflict-table">
          <caption className="sr-only">Local and remote versions</caption>
          <thead>
            <tr>
              <th scope="col"></th>
              <th scope="col">Here</th>
              <th scope="col">At {destination}</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([label, mine, theirs]) => (
              <tr
                key={label}
                className={
                  mine(local) !== theirs(remote) ? 'publishing-panel__conflict-diff' : undefined
                }
              >
                <th scope="row">{label}</th>
                <td>{mine(local) || '—'}</td>
                <td>{theirs(remote) || '—'}</td>
              </tr>
            ))}
            {remote.html ? (
              <tr>
                <th scope="row">Content</th>
                <td>(as in the editor)</td>
                <td>
                  <details>
                    <summary>Show the remote content</summary>
                    <pre className="publishing-panel__conflict-html">{remote.html}</pre>
                  </details>
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      ) : (
        <p>The remote version was not recorded.</p>
      )}
      <div className="publishing-panel__actions">
        <Button
          buttonStyle="primary"
          size="small"
          disabled={busy}
          onClick={() => onResolve('local')}
        >
          Keep this version
        </Button>
        <Button
          buttonStyle="secondary"
          size="small"
          disabled={busy}
          onClick={() => onResolve('remote')}
        >
          Keep the version at {destination}
        </Button>
      </div>
      <p className="field-description">
        “Keep this version” sends this document to {destination}, replacing its copy. “Keep the
        version at {destination}” replaces this document's title, slug, excerpt and content with the
        remote ones.
      </p>
    </div>
  )
}
