import { withPayload } from '@payloadcms/next/withPayload'
import type { NextConfig } from 'next'
import path from 'path'
import { fileURLToPath } from 'url'

import { previewSecurityHeaders } from './src/preview/securityHeaders'

const dirname = path.dirname(fileURLToPath(import.meta.url))

const nextConfig: NextConfig = {
  // The Docker image runs Next's standalone server; `npm start` runs `next start`.
  output: process.env.NEXT_OUTPUT === 'standalone' ? 'standalone' : undefined,
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
