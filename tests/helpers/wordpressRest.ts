import { randomBytes } from 'crypto'

import type { WordPressEnv } from './wordpress'

/**
 * WordPress's REST API, called directly (not through the adapter), for tests that act as people
 * working in WordPress and that read what WordPress itself holds.
 */
export type Login = { user: string; password: string }
export type WpAnswer<T> = { status: number; headers: Headers; body: T }
export type WpUser = Login & { id: number }
/** A post or page as WordPress answers with `context=edit` (pages have `parent` and `menu_order`). */
export type WpPost = {
  id: number
  status: string
  slug: string
  author: number
  link: string
  modified_gmt: string
  title: { raw: string }
  content: { raw: string }
  excerpt: { raw: string }
  categories: number[]
  tags: number[]
  featured_media: number
  parent: number
  menu_order: number
}

/** The Basic Authorization header for a login (an Application Password, spaced or not). */
export const basic = ({ user, password }: Login) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

export const wpRequest = async <T>(
  wp: WordPressEnv,
  method: 'GET' | 'POST' | 'DELETE',
  route: string,
  {
    query = {},
    json,
    login,
    file,
  }: {
    query?: Record<string, string | number>
    json?: unknown
    login?: Login
    file?: { bytes: Buffer; name: string; type: string }
  } = {},
): Promise<WpAnswer<T>> => {
  const url = new URL(`${wp.restUrl}${route}`)
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, String(value))
  const headers: Record<string, string> = {
    Authorization: basic(login ?? { user: wp.user, password: wp.appPassword }),
  }
  let body: string | Blob | undefined
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(json)
  }
  if (file) {
    headers['Content-Type'] = file.type
    headers['Content-Disposition'] = `attachment; filename="${file.name}"`
    body = new Blob([new Uint8Array(file.bytes)])
  }
  const response = await fetch(url, { method, headers, body })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  }
}

/** An Editor with an Application Password; names carry `suffix` so runs do not collide. */
export const createEditor = async (
  wp: WordPressEnv,
  name: string,
  suffix: string,
): Promise<WpUser> => {
  const user = `${name}-${suffix}`
  const created = await wpRequest<{ id: number }>(wp, 'POST', '/wp/v2/users', {
    json: {
      username: user,
      email: `${user}@example.com`,
      password: randomBytes(12).toString('hex'),
      roles: ['editor'],
    },
  })
  if (created.status !== 201)
    throw new Error(`creating WordPress user ${user}: HTTP ${created.status}`)
  const app = await wpRequest<{ password: string }>(
    wp,
    'POST',
    `/wp/v2/users/${created.body.id}/application-passwords`,
    {
      json: { name: 'syndicate-tests' },
    },
  )
  if (app.status !== 201)
    throw new Error(`creating an Application Password for ${user}: HTTP ${app.status}`)
  return { id: created.body.id, user, password: app.body.password }
}

/** Deletes for good every post and page `author` made, trashed ones included. */
export const purgeContent = async (wp: WordPressEnv, author: number): Promise<void> => {
  for (const type of ['posts', 'pages']) {
    for (const status of ['any', 'trash']) {
      const { body } = await wpRequest<{ id: number }[]>(wp, 'GET', `/wp/v2/${type}`, {
        query: { author, status, per_page: 100, _fields: 'id' },
      })
      for (const { id } of body)
        await wpRequest(wp, 'DELETE', `/wp/v2/${type}/${id}`, { query: { force: 'true' } })
    }
  }
}

/**
 * Deletes for good every post and page `author` made, then the user (WordPress deletes the user's
 * media with it).
 */
export const removeEditor = async (wp: WordPressEnv, author: number): Promise<void> => {
  await purgeContent(wp, author)
  await wpRequest(wp, 'DELETE', `/wp/v2/users/${author}`, {
    query: { force: 'true', reassign: 'false' },
  })
}

export const getPost = async (
  wp: WordPressEnv,
  type: 'posts' | 'pages',
  id: string | number,
): Promise<WpAnswer<WpPost>> =>
  wpRequest<WpPost>(wp, 'GET', `/wp/v2/${type}/${id}`, { query: { context: 'edit' } })
