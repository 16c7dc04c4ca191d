'use client'
import { Banner, Button, useConfig } from '@payloadcms/ui'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { apiRequest } from './api'

type Props = {
  siteId: number
  siteName: string
  /** What still belongs to the site, in words ("3 pages, 1 integration"), or null when it is empty. */
  holdings: string | null
}

/**
 * Deleting the site, for admins. A site that still holds anything cannot be deleted (the API
 * refuses too): the section says what is left and what deleting a destination does to its copies.
 * An empty site is deleted after an explicit confirmation.
 */
export const DeleteSite = ({ siteId, siteName, holdings }: Props) => {
  const { config } = useConfig()
  const router = useRouter()
  const [confirming, setConfirming] = useState(false)
  const [deleting, setDeleting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  if (holdings) {
    return (
      <div data-delete-site="refused">
        <p>
          “{siteName}” still has {holdings}. A site can be deleted only once it is empty: delete
          these (or move pages, posts and media to another site) first.
        </p>
        <p className="site-manager__muted">
          Deleting a destination keeps the copies it delivered where they are, at the destination;
          Syndicate no longer updates or removes them. To take copies down, unpublish the documents
          before deleting the destination.
        </p>
      </div>
    )
  }

  const remove = async () => {
    setDeleting(true)
    setError(null)
    const result = await apiRequest(config.routes.api, `/sites/${siteId}`, { method: 'DELETE' })
    if (!result.ok) {
      setDeleting(false)
      return setError(result.message)
    }
    router.push(`${config.routes.admin}/site-manager`)
  }

  return (
    <div data-delete-site="allowed">
      {confirming ? (
        <div role="alertdialog" aria-label={`Delete ${siteName}`}>
          <p>
            Delete “{siteName}” for good? It holds nothing and has no destinations, so no copy
            anywhere is affected. Its editors keep their accounts but are no longer assigned to it.
            This cannot be undone.
          </p>
          <Button buttonStyle="error" size="small" onClick={remove} disabled={deleting}>
            {deleting ? 'Deleting…' : `Yes, delete ${siteName}`}
          </Button>{' '}
          <Button
            buttonStyle="secondary"
            size="small"
            onClick={() => setConfirming(false)}
            disabled={deleting}
          >
            Cancel
          </Button>
        </div>
      ) : (
        <Button buttonStyle="secondary" size="small" onClick={() => setConfirming(true)}>
          Delete this site…
        </Button>
      )}
      {error ? <Banner type="error">{error}</Banner> : null}
    </div>
  )
}
