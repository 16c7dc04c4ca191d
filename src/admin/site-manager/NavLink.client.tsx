'use client'
import { useConfig } from '@payloadcms/ui'
import Link from 'next/link'
import { usePathname } from 'next/navigation'

/** "Site Manager" in the admin navigation. */
export const SiteManagerNavLink = () => {
  const { config } = useConfig()
  const href = `${config.routes.admin}/site-manager`
  const current = usePathname()?.startsWith(href)
  return (
    <Link
      href={href}
      className="nav__link"
      id="nav-site-manager"
      aria-current={current ? 'page' : undefined}
      prefetch={false}
    >
      {current ? <div className="nav__link-indicator" /> : null}
      <span className="nav__link-label">Site Manager</span>
    </Link>
  )
}
