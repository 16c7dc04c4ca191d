import type { Payload, TypedUser } from 'payload'

import { relationId } from '@/access/roles'
import { lexicalToHtml } from '@plugins/publishing/exports/server'

type Args = { payload: Payload; user: TypedUser | null; collection: string; id: string }

const Bar = ({ children }: { children: React.ReactNode }) => (
  <div className="preview-bar" role="note">
    {children}
  </div>
)

const Draft = ({ status }: { status?: string | null }) =>
  status === 'published' ? null : <span className="preview-draft">draft</span>

/**
 * A plain server-rendered preview of a site, page or post with its latest drafts, read with the
 * visitor's own access: without a session nothing but a sign-in link is shown.
 */
export const renderPreview = async ({ payload, user, collection, id }: Args) => {
  const admin = payload.config.routes.admin
  const back = `/preview/${collection}/${id}`
  if (!user) {
    return (
      <main className="preview-site">
        <h1>Sign in to preview</h1>
        <p>
          Previews show unpublished drafts, so they are only for signed-in editors.{' '}
          <a href={`${admin}/login?redirect=${encodeURIComponent(back)}`}>Sign in</a>
        </p>
      </main>
    )
  }
  const numericId = Number(id)
  if (
    !['sites', 'pages', 'posts'].includes(collection) ||
    !Number.isInteger(numericId) ||
    numericId <= 0
  ) {
    return (
      <main className="preview-site">
        <h1>Nothing to preview here</h1>
        <p>Preview addresses look like /preview/pages/12, /preview/posts/7 or /preview/sites/1.</p>
      </main>
    )
  }
  const asUser = { overrideAccess: false, user, draft: true, depth: 0 } as const
  // A page or post is read once: for its site here, and for the article below.
  const doc =
    collection === 'sites'
      ? null
      : await payload.findByID({
          collection: collection as 'pages' | 'posts',
          id: numericId,
          disableErrors: true,
          ...asUser,
        })
  const siteId = collection === 'sites' ? numericId : relationId(doc?.site)
  const site = siteId
    ? await payload.findByID({ collection: 'sites', id: siteId, disableErrors: true, ...asUser })
    : null
  if (!site) {
    return (
      <main className="preview-site">
        <h1>Not found</h1>
        <p>
          There is no {collection.slice(0, -1)} {id} that you may preview.
        </p>
      </main>
    )
  }
  const [pages, posts] = await Promise.all([
    payload.find({
      collection: 'pages',
      where: { site: { equals: site.id } },
      sort: '_order',
      limit: 0,
      select: { title: true, parent: true, _status: true },
      ...asUser,
    }),
    payload.find({
      collection: 'posts',
      where: { site: { equals: site.id } },
      sort: '-publishedAt',
      limit: 20,
      select: { title: true, _status: true, publishedAt: true },
      ...asUser,
    }),
  ])
  const children = (parent: number | null): typeof pages.docs =>
    pages.docs.filter((p) => relationId(p.parent) === parent)
  const tree = (parent: number | null): React.ReactNode => {
    const list = children(parent)
    if (!list.length) return null
    return (
      <ul>
        {list.map((p) => (
          <li key={p.id}>
            <a href={`/preview/pages/${p.id}`}>{p.title}</a>
            <Draft status={p._status} />
            {tree(p.id)}
          </li>
        ))}
      </ul>
    )
  }
  let main: React.ReactNode
  if (collection === 'sites') {
    main = (
      <>
        <h2>Latest posts</h2>
        <ul>
          {posts.docs.map((p) => (
            <li key={p.id}>
              <a href={`/preview/posts/${p.id}`}>{p.title}</a>
              <Draft status={p._status} />
            </li>
          ))}
        </ul>
      </>
    )
  } else {
    if (!doc) return null
    // The article's HTML is what a delivery would send: sanitised, references within this site.
    const { html } = await lexicalToHtml((doc as { content?: unknown }).content, {
      payload,
      serverURL: payload.config.serverURL || '',
      site: site.id,
    })
    main = (
      <article data-template={(doc as { template?: string }).template ?? undefined}>
        <h1>
          {doc.title}
          <Draft status={doc._status} />
        </h1>
        {(doc as { excerpt?: string }).excerpt ? (
          <p>
            <em>{(doc as { excerpt?: string }).excerpt}</em>
          </p>
        ) : null}
        <div dangerouslySetInnerHTML={{ __html: html }} />
      </article>
    )
  }
  const settings = (site.settings ?? {}) as { tagline?: string }
  return (
    <>
      <Bar>
        <span>Preview of {site.name}, drafts included. Visitors do not see drafts.</span>
        <a href={`${admin}/site-manager/${site.id}`}>Back to the Site Manager</a>
      </Bar>
      <div className="preview-site">
        <header>
          <p>
            <a href={`/preview/sites/${site.id}`}>
              <strong>{site.name}</strong>
            </a>
            {settings.tagline ? ` · ${settings.tagline}` : ''}
          </p>
          <nav aria-label="Pages">{tree(null)}</nav>
        </header>
        <main>{main}</main>
      </div>
    </>
  )
}
