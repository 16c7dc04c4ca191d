import type { AdminViewServerProps } from 'payload'

import { DefaultTemplate } from '@payloadcms/next/templates'
import { Gutter, SetStepNav } from '@payloadcms/ui'
import { redirect } from 'next/navigation'

import { SiteDashboard } from './SiteDashboard'
import { SiteList } from './SiteList'

import './index.css'

/**
 * The Site Manager (`/admin/site-manager` and `/admin/site-manager/<site id>`): one place to run
 * a site. The server reads with the signed-in user's access; client islands write over REST.
 */
export const SiteManagerView = async ({
  initPageResult,
  params,
  searchParams,
}: AdminViewServerProps) => {
  const { req, permissions, visibleEntities, locale } = initPageResult
  const { payload, user, i18n } = req
  const adminRoute = payload.config.routes.admin
  if (!user)
    redirect(`${adminRoute}/login?redirect=${encodeURIComponent(`${adminRoute}/site-manager`)}`)
  const segments = (params?.segments as string[] | undefined) ?? []
  const siteParam = segments[1]
  const siteId = siteParam !== undefined ? Number(siteParam) : null

  return (
    <DefaultTemplate
      i18n={i18n}
      locale={locale}
      params={params}
      payload={payload}
      permissions={permissions}
      searchParams={searchParams}
      user={user ?? undefined}
      visibleEntities={visibleEntities}
    >
      {siteId === null ? <SetStepNav nav={[{ label: 'Site Manager' }]} /> : null}
      <Gutter className="site-manager">
        {siteId === null ? (
          <SiteList payload={payload} user={user} adminRoute={adminRoute} />
        ) : Number.isInteger(siteId) && siteId > 0 ? (
          <SiteDashboard payload={payload} user={user} siteId={siteId} adminRoute={adminRoute} />
        ) : (
          <p role="alert">
            “{siteParam}” is not a site id. Go back to the{' '}
            <a href={`${adminRoute}/site-manager`}>Site Manager</a>.
          </p>
        )}
      </Gutter>
    </DefaultTemplate>
  )
}
