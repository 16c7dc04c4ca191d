'use client'
import { useEffect, useState } from 'react'

import { apiRequest, formatWhen } from '../api'

type Scheduled = { type: 'publish' | 'unpublish'; at: string; destinations: string[] }

type Props = { api: string; collection: string; id: number | string; refresh: unknown }

/** "Scheduled: publish at <time> to <destinations>", for each upcoming scheduled (un)publish. */
export const ScheduledNotice = ({ api, collection, id, refresh }: Props) => {
  const [scheduled, setScheduled] = useState<Scheduled[]>([])
  useEffect(() => {
    let live = true
    void apiRequest<{ scheduled: Scheduled[] }>(
      api,
      `/publishing/scheduled?collection=${encodeURIComponent(collection)}&id=${encodeURIComponent(String(id))}`,
    ).then((result) => {
      if (live && result.ok) setScheduled(result.data.scheduled)
    })
    return () => {
      live = false
    }
  }, [api, collection, id, refresh])
  if (!scheduled.length) return null
  return (
    <ul className="publishing-panel__scheduled">
      {scheduled.map((s) => (
        <li key={`${s.type}-${s.at}`}>
          Scheduled: {s.type} at {formatWhen(s.at)} {s.type === 'publish' ? 'to' : 'from'}{' '}
          {s.destinations.length ? s.destinations.join(', ') : 'no destination yet'}
        </li>
      ))}
    </ul>
  )
}
