import type { Payload, TypedUser } from 'payload'

import { SetStepNav } from '@payloadcms/ui'

import { isAdmin } from '@/access/roles'
import { describeHoldings, holdingsOf } from '@/collections/Sites/hooks/refuseWhileOwned'
import { PAGE_TEMPLATES } from '@/fields/template'
import { formatWhen, RecordStatusPill } from '@plugins/publishing/exports/client'
import { SitePublishingSettings } from '@plugins/publishing/exports/rsc'

import { AddDocument } from './AddDocument.client'
import { loadDashboard } from './data/loadDashboard'
import { mayManageSite } from './data/manageableSites'
import { DeleteSite } from './DeleteSite.client'
import { HealthSummary } from './HealthSummary'
import { PageTree } from './PageTree/index.client'
import { SiteSettingsForm } from './SiteSettingsForm.client'

const templates = PAGE_TEMPLATES.map((t) => ({ label: t.label, value: t.value }))

/** One site's dashboard: pages, posts, settings, destinations and rules, recent activity. */
export const SiteDashboard = async ({
  payload,
  user,
  siteId,
  adminRoute,
}: {
  payload: Payload
  user: TypedUser
  siteId: number
  adminRoute: string
}) => {
  const back = (
    <>
      <SetStepNav
        nav={[
          { label: 'Site Manager', url: `${adminRoute}/site-manager` },
          { label: `Site ${siteId}` },
        ]}
      />
      <a href={`${adminRoute}/site-manager`}>Back to all sites</a>
    </>
  )
  if (!mayManageSite(user, siteId)) {
    return (
      <p role="alert">
        You do not manage site {siteId}, or it does not exist. {back}
      </p>
    )
  }
  const data = await loadDashboard(payload, user, siteId)
  if (!data)
    return (
      <p role="alert">
        Site {siteId} does not exist. {back}
      </p>
    )
  const admin = isAdmin(user)
  const holdings = admin ? describeHoldings(await holdingsOf(payload, siteId)) : ''
  return (
    <>
      <SetStepNav
        nav={[
          { label: 'Site Manager', url: `${adminRoute}/site-manager` },
          { label: data.site.name },
        ]}
      />
      <header className="site-manager__header">
        <div>
          <p className="site-manager__muted">
            <a href={`${adminRoute}/site-manager`}>Back to all sites</a>
          </p>
          <h1>{data.site.name}</h1>
          <p className="site-manager__muted">
            {[data.site.domain, data.site.siteType, data.site.hostingType]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        {data.site.hostingType === 'hosted' && data.site.slug ? (
          // The hosted site itself, rendered from the drafts (plugins/adapter-sites/preview.ts).
          <a
            className="btn btn--style-secondary btn--size-small"
            href={`/sites/${encodeURIComponent(data.site.slug)}/_preview/`}
            target="_blank"
            rel="noopener"
          >
            Preview site (drafts included)
          </a>
        ) : (
          <a
            className="btn btn--style-secondary btn--size-small"
            href={`/preview/sites/${siteId}`}
            target="_blank"
            rel="noopener"
          >
            Preview the site (drafts included)
          </a>
        )}
      </header>

      <div className="site-manager__grid">
        <section className="site-manager__section site-manager__pages" aria-labelledby="sm-pages">
          <h2 id="sm-pages">Pages</h2>
          <PageTree
            siteId={siteId}
            pages={data.pages}
            templates={templates}
            removal={data.removal}
          />
          <AddDocument
            siteId={siteId}
            collection="pages"
            templates={templates}
            defaultTemplate={data.settings.defaultTemplate}
          />
        </section>

        <section className="site-manager__section" aria-labelledby="sm-settings">
          <h2 id="sm-settings">Site settings</h2>
          <SiteSettingsForm
            siteId={siteId}
            initial={data.settings}
            templates={templates}
            media={data.media}
            canEdit
          />
        </section>

        <section className="site-manager__section site-manager__wide" aria-labelledby="sm-posts">
          <h2 id="sm-posts">Posts</h2>
          {data.posts.length ? (
            <div className="site-manager__scroll">
              <table className="site-manager__table">
                <thead>
                  <tr>
                    <th scope="col">Title</th>
                    <th scope="col">Status</th>
                    <th scope="col">Date</th>
                    <th scope="col">Destinations</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.posts.map((post) => (
                    <tr key={post.id} data-post-id={post.id}>
                      <th scope="row">{post.title}</th>
                      <td>{post.status === 'published' ? 'Published' : 'Draft'}</td>
                      <td>
                        {formatWhen(post.publishedAt ?? post.updatedAt, {
                          fallback: 'never',
                          utc: true,
                        })}
                      </td>
                      <td>
                        {post.destinations.length ? (
                          <span className="site-manager__pills">
                            {post.destinations.map((d) => (
                              <RecordStatusPill key={d.name} status={d.status} prefix={d.name} />
                            ))}
                          </span>
                        ) : (
                          'Not sent'
                        )}
                      </td>
                      <td>
                        <a href={`${adminRoute}/collections/posts/${post.id}`}>
                          Open<span className="sr-only"> {post.title}</span>
                        </a>
                        {' · '}
                        <a href={`/preview/posts/${post.id}`} target="_blank" rel="noopener">
                          Preview<span className="sr-only"> {post.title}</span>
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>No posts yet.</p>
          )}
          <AddDocument siteId={siteId} collection="posts" />
        </section>

        <section
          className="site-manager__section site-manager__wide"
          aria-labelledby="sm-destinations"
        >
          <h2 id="sm-destinations">Destinations and publishing</h2>
          {data.destinations.length ? (
            data.destinations.map((d) => (
              <HealthSummary
                key={d.id}
                destination={d}
                adminRoute={adminRoute}
                linkToEdit={admin}
              />
            ))
          ) : (
            <p>This site has no destinations yet.</p>
          )}
          <SitePublishingSettings
            payload={payload}
            user={user}
            site={siteId}
            canEdit={admin}
            adminRoute={adminRoute}
            showDestinations={false}
            data={data.publishing}
          />
        </section>

        <section className="site-manager__section site-manager__wide" aria-labelledby="sm-activity">
          <h2 id="sm-activity">Recent publishing activity</h2>
          {data.activity.length ? (
            <div className="site-manager__scroll">
              <table className="site-manager__table">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">Where</th>
                    <th scope="col">Result</th>
                  </tr>
                </thead>
                <tbody>
                  {data.activity.map((row) => (
                    <tr key={row.id}>
                      <td>{formatWhen(row.when, { fallback: 'never', utc: true })}</td>
                      <td>{row.who}</td>
                      <td>
                        {row.deleted ? (
                          row.document
                        ) : (
                          <a href={`${adminRoute}/collections/${row.collection}/${row.documentId}`}>
                            {row.document}
                          </a>
                        )}
                      </td>
                      <td>
                        {row.remoteUrl ? (
                          <a href={row.remoteUrl} target="_blank" rel="noreferrer noopener">
                            {row.destination}
                          </a>
                        ) : (
                          row.destination
                        )}
                      </td>
                      <td>
                        <RecordStatusPill status={row.status} />
                        {row.error ? <div className="site-manager__bad">{row.error}</div> : null}
                        {row.history.length ? (
                          <details>
                            <summary>Attempts</summary>
                            <ul>
                              {row.history.map((h) => (
                                <li key={h.at}>
                                  {formatWhen(h.at, { fallback: 'never', utc: true })}: {h.action},{' '}
                                  {h.outcome}
                                  {h.message ? ` (${h.message})` : ''}
                                </li>
                              ))}
                            </ul>
                          </details>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Nothing has been published from this site yet.</p>
          )}
        </section>

        {admin ? (
          <section className="site-manager__section site-manager__wide" aria-labelledby="sm-delete">
            <h2 id="sm-delete">Delete this site</h2>
            <DeleteSite siteId={siteId} siteName={data.site.name} holdings={holdings || null} />
          </section>
        ) : null}
      </div>
    </>
  )
}
