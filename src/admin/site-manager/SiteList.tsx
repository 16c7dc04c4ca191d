import type { Payload, TypedUser } from 'payload'

import { isAdmin } from '@/access/roles'

import { loadSiteList } from './data/loadSiteList'
import { HealthSummary } from './HealthSummary'

/** Every site the user manages: type, hosting, counts, destinations and their health. */
export const SiteList = async ({
  payload,
  user,
  adminRoute,
}: {
  payload: Payload
  user: TypedUser
  adminRoute: string
}) => {
  const sites = await loadSiteList(payload, user)
  const admin = isAdmin(user)
  return (
    <>
      <header className="site-manager__header">
        <h1>Site Manager</h1>
        {admin ? (
          <a
            className="btn btn--style-secondary btn--size-small"
            href={`${adminRoute}/collections/sites/create`}
          >
            Add a site
          </a>
        ) : null}
      </header>
      {sites.length === 0 ? (
        <p>You do not manage any site yet. An admin can assign sites to you.</p>
      ) : null}
      <div className="site-manager__scroll">
        <table className="site-manager__table" aria-label="Sites">
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Type</th>
              <th scope="col">Hosting</th>
              <th scope="col">Pages</th>
              <th scope="col">Posts</th>
              <th scope="col">Destinations</th>
            </tr>
          </thead>
          <tbody>
            {sites.map((site) => (
              <tr key={site.id} data-site-id={site.id}>
                <th scope="row">
                  <a href={`${adminRoute}/site-manager/${site.id}`}>{site.name}</a>
                  {site.domain ? <div className="site-manager__muted">{site.domain}</div> : null}
                </th>
                <td>{site.siteType ?? '—'}</td>
                <td>{site.hostingType ?? '—'}</td>
                <td>{site.pages}</td>
                <td>{site.posts}</td>
                <td>
                  {site.destinations.length
                    ? site.destinations.map((d) => (
                        <HealthSummary
                          key={d.id}
                          destination={d}
                          adminRoute={adminRoute}
                          linkToEdit={admin}
                        />
                      ))
                    : 'None'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  )
}
