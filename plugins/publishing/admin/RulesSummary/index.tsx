import type { UIFieldServerComponent } from 'payload'

import { registryOf } from '../../registry'
import { SitePublishingSettings } from './SitePublishingSettings'

/** The site edit view's "Publishing settings" field: read-only for editors, with edit links for admins. */
export const SitePublishingField: UIFieldServerComponent = ({ payload, req, id }) => {
  if (!id)
    return (
      <p className="field-description">
        Save the site to connect destinations and set publishing rules.
      </p>
    )
  const canEdit = registryOf(payload).options.access.isAdmin(req.user)
  return (
    <SitePublishingSettings
      payload={payload}
      user={req.user}
      site={Number(id)}
      canEdit={canEdit}
      adminRoute={payload.config.routes.admin}
    />
  )
}
