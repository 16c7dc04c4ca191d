import type { NextConfig } from 'next'

import { withPayload } from '@payloadcms/next/withPayload'
import os from 'os'
import path from 'path'
import { fileURLToPath } from 'url'

import { previewSecurityHeaders } from './src/preview/securityHeaders'

const dirname = path.dirname(fileURLToPath(import.meta.url))

/**
 * Hosts the dev server serves its dev resources (chunks, HMR) to: Next 16 refuses every origin but
 * localhost, which left the admin a white page at 127.0.0.1 or the machine's own address. These are
 * this machine's addresses, plus `DEV_ORIGINS` (comma-separated host names, e.g. a container's or a
 * tunnel's). Only `next dev` reads it.
 */
const devOrigins = (): string[] => {
  const own = Object.values(os.networkInterfaces())
    .flat()
    .flatMap((nic) =>
      !nic ? [] : nic.family === 'IPv6' ? [nic.address, `[${nic.address}]`] : [nic.address],
    )
  const extra = (process.env.DEV_ORIGINS ?? '')
    .split(',')
    .map((host) => host.trim())
    .filter(Boolean)
  return [...new Set(['127.0.0.1', '[::1]', os.hostname(), ...own, ...extra])]
}

const nextConfig: NextConfig = {
  // The Docker image runs Next's standalone server (read-cache hits answered by the proxy);
  // `npm start` runs scripts/server.ts (Next through its custom-server API, hits answered first).
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
  allowedDevOrigins: devOrigins(),
  experimental: {
    // Payload's errors take their name from their class (APIError, Forbidden, …), and its REST
    // layer sends a 4xx error's own message only when the error has a name; minified server code
    // renames the classes to nothing, so every such message became "An unknown error occurred.".
    serverMinification: false,
  },
  // The draft preview runs no script and gets a strict Content-Security-Policy.
  headers: async () => [previewSecurityHeaders],
  images: {
    localPatterns: [{ pathname: '/api/media/file/**' }],
  },
  webpack: (webpackConfig) => {
    webpackConfig.resolve.extensionAlias = {
      '.cjs': ['.cts', '.cjs'],
      '.js': ['.ts', '.tsx', '.js', '.jsx'],
      '.mjs': ['.mts', '.mjs'],
    }
    return webpackConfig
  },
  turbopack: {
    root: path.resolve(dirname),
  },
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
