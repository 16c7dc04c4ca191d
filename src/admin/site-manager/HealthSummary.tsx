import type { DestinationHealth } from '@plugins/publishing/exports/server'

import { formatWhen, StatusBadge } from '@plugins/publishing/exports/client'

/** One destination at a glance: badge, last delivery, failures and conflicts. */
export const HealthSummary = ({
  destination,
  adminRoute,
  linkToEdit,
}: {
  destination: DestinationHealth
  adminRoute: string
  linkToEdit: boolean
}) => (
  <div className="site-manager__destination" data-destination={destination.name}>
    <span className="site-manager__destination-name">
      {linkToEdit ? (
        <a href={`${adminRoute}/collections/integrations/${destination.id}`}>{destination.name}</a>
      ) : (
        destination.name
      )}{' '}
      <span className="site-manager__muted">({destination.platform})</span>
    </span>
    <StatusBadge health={destination.health} />
    <span>
      Last delivery: {formatWhen(destination.lastDeliveryAt, { fallback: 'never', utc: true })}
    </span>
    <span className={destination.failures ? 'site-manager__bad' : undefined}>
      {destination.failures} failed
    </span>
    <span className={destination.conflicts ? 'site-manager__warn' : undefined}>
      {destination.conflicts} conflicts
    </span>
    {destination.lastError ? (
      <span className="site-manager__bad">Last error: {destination.lastError}</span>
    ) : null}
  </div>
)
