import nextConfig from '../../next.config'
import { PREVIEW_CONTENT_SECURITY_POLICY } from './securityHeaders'

describe('the preview security headers', () => {
  it('are in the Next config for every preview address', async () => {
    const entries = (await nextConfig.headers?.()) ?? []
    const preview = entries.find((entry) => entry.source === '/preview/:path*')
    expect(preview?.headers).toContainEqual({
      key: 'Content-Security-Policy',
      value: PREVIEW_CONTENT_SECURITY_POLICY,
    })
  })

  it('forbid every script, plugins, <base> and forms, and allow framing by the admin only', () => {
    const directives = PREVIEW_CONTENT_SECURITY_POLICY.split('; ')
    for (const directive of [
      "default-src 'none'",
      "script-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'self'",
    ]) {
      expect(directives).toContain(directive)
    }
  })
})
