/**
 * Response headers of the draft preview (`/preview/...`), set in next.config.ts.
 *
 * The preview is served from the admin's origin, so a script that got into it would run with the
 * session of whoever opens it (an admin, often). It is a server-rendered page that needs no script
 * of its own: its links are plain `<a>`s and nothing on it is interactive. So the policy forbids
 * every script (Next's own runtime included: the page works without it), plugins, `<base>` and
 * form submissions, allows styles from this origin plus the `style` attributes the HTML policy
 * lets through (alignment, indents, table borders), and images from this origin, any https host
 * (content may show remote images) and `data:` (the HTML policy allows raster data URLs). Only the
 * admin (same origin) may frame it.
 */
export const PREVIEW_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  "img-src 'self' https: data:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
].join('; ')

/** Next's `headers()` entry for every preview address. */
export const previewSecurityHeaders = {
  source: '/preview/:path*',
  headers: [
    { key: 'Content-Security-Policy', value: PREVIEW_CONTENT_SECURITY_POLICY },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'same-origin' },
  ],
}
