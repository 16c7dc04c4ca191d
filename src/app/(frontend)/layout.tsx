import type { Metadata } from 'next'
import type { ReactNode } from 'react'

import './preview.css'

export const metadata: Metadata = { robots: { index: false, follow: false } }

/** The public side of the app; today only the authenticated draft preview lives here. */
export default function FrontendLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
