import type { TestConnectionResult } from '@plugins/publishing/exports/server'

import { PublishingError, toPublishingError } from '@plugins/publishing/exports/server'

import type { WordPressClient, WordPressContext } from './client'

import { wordPressClient } from './client'

/** What Syndicate does at a WordPress site, and the capability each needs. */
export const REQUIRED_CAPABILITIES: readonly { capability: string; for: string }[] = [
  { capability: 'publish_posts', for: 'publish posts' },
  { capability: 'publish_pages', for: 'publish pages' },
  { capability: 'upload_files', for: 'upload images' },
]

/** The integration's WordPress user, from `GET users/me?context=edit`. */
export type WordPressUser = {
  id: number
  name: string
  username: string
  roles: string[]
  capabilities: Record<string, boolean>
}

const toUser = (body: unknown): WordPressUser | null => {
  if (typeof body !== 'object' || body === null) return null
  const { id, name, username, slug, roles, capabilities } = body as Record<string, unknown>
  if (typeof id !== 'number') return null
  const caps =
    typeof capabilities === 'object' && capabilities !== null
      ? (capabilities as Record<string, unknown>)
      : {}
  return {
    id,
    name: typeof name === 'string' ? name : '',
    username: typeof username === 'string' ? username : typeof slug === 'string' ? slug : '',
    roles: Array.isArray(roles)
      ? roles.filter((role): role is string => typeof role === 'string')
      : [],
    capabilities: Object.fromEntries(
      Object.entries(caps).map(([key, value]) => [key, value === true]),
    ),
  }
}

/**
 * The user the credentials belong to. This is the one read that proves them: WordPress answers
 * other reads with a wrong password as if anonymous, but `users/me` with 401.
 */
export const currentUser = async (client: WordPressClient): Promise<WordPressUser> => {
  const what = 'Signing in to WordPress'
  const { body } = await client.request('GET', '/wp/v2/users/me', {
    what,
    query: { context: 'edit' },
  })
  const user = toUser(body)
  if (!user)
    throw new PublishingError(`${what} failed: WordPress answered without the user.`, {
      retryable: false,
    })
  return user
}

/** Signs in and checks that the user may publish posts and pages and upload images. */
export const testConnection = async (context: WordPressContext): Promise<TestConnectionResult> => {
  const client = wordPressClient(context)
  let user: WordPressUser
  try {
    user = await currentUser(client)
  } catch (error) {
    const failure = toPublishingError(error, 'Signing in to WordPress')
    const message =
      failure.status === 401
        ? `WordPress refused the username or application password at ${client.siteUrl}: check the username saved on this integration and create a new Application Password (Users → Profile → Application Passwords).`
        : failure.message
    return { ok: false, message }
  }
  // The user is named by no answer: its username is half of the credentials, and credentials are
  // never shown again once saved. Its roles say what is wrong.
  const details = { roles: user.roles, wordpressUrl: client.siteUrl }
  const missing = REQUIRED_CAPABILITIES.filter(({ capability }) => !user.capabilities[capability])
  if (missing.length) {
    const list = missing.map((m) => `${m.for} (${m.capability})`).join(', ')
    return {
      ok: false,
      message: `The WordPress user saved on this integration (${user.roles.join(', ') || 'no role'}) may not ${list}: give it the Editor or Administrator role.`,
      details: { ...details, missingCapabilities: missing.map((m) => m.capability) },
    }
  }
  return {
    ok: true,
    message: `Connected to WordPress at ${client.siteUrl} as a user with the role ${user.roles.join(', ')}.`,
    details,
  }
}
