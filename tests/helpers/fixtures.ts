import type { Payload } from 'payload'

import sharp from 'sharp'

import type { Auth } from './rest'

/** A small PNG made on the fly, so the repository carries no binary fixtures. */
export const pngFile = async (name = 'pixel.png', colour = '#3366ff') => {
  const data = await sharp({ create: { width: 32, height: 24, channels: 3, background: colour } })
    .png()
    .toBuffer()
  return { data, mimetype: 'image/png', name, size: data.length }
}

export { paragraph as lexicalParagraph, type RichText } from '@/utilities/richText'

export type World = {
  siteA: number
  siteB: number
  actors: { admin: Auth; editorA: Auth; editorB: Auth; anonymous: Auth; apiKey: Auth }
  users: { admin: number; editorA: number; editorB: number; reader: number }
}

const PASSWORD = 'correct horse battery staple'

/**
 * Two sites and the people around them: an admin, an editor of each site, and a headless
 * consumer whose API key belongs to an editor of site A.
 */
export const createWorld = async (payload: Payload): Promise<World> => {
  const admin = await payload.create({
    collection: 'users',
    data: { email: 'admin@example.com', password: PASSWORD, roles: ['admin'] },
  })
  const siteA = await payload.create({
    collection: 'sites',
    data: { name: 'Site A', siteType: 'blog' },
  })
  const siteB = await payload.create({
    collection: 'sites',
    data: { name: 'Site B', siteType: 'corporate' },
  })
  const editor = (email: string, site: number, extra = {}) =>
    payload.create({
      collection: 'users',
      data: { email, password: PASSWORD, roles: ['editor'], sites: [site], ...extra },
    })
  const editorA = await editor('editor-a@example.com', siteA.id)
  const editorB = await editor('editor-b@example.com', siteB.id)
  const apiKey = 'syndicate-headless-reader-key-0001'
  const reader = await editor('reader@example.com', siteA.id, { enableAPIKey: true, apiKey })
  const login = async (email: string): Promise<Auth> => {
    const { token } = await payload.login({
      collection: 'users',
      data: { email, password: PASSWORD },
    })
    if (!token) throw new Error(`no token for ${email}`)
    return { token }
  }
  return {
    siteA: siteA.id,
    siteB: siteB.id,
    actors: {
      admin: await login(admin.email),
      editorA: await login(editorA.email),
      editorB: await login(editorB.email),
      anonymous: null,
      apiKey: { apiKey },
    },
    users: { admin: admin.id, editorA: editorA.id, editorB: editorB.id, reader: reader.id },
  }
}
