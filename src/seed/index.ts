import type { CollectionSlug, Payload, Where } from 'payload'

import sharp from 'sharp'

import { paragraph } from '@/utilities/richText'
import { slugify } from '@/utilities/slugify'

import { SEED_SITES, type SeedSite } from './content'

export type SeedResult = { created: number; admin: { email: string; password: string | null } }

const image = async (colour: string, label: string) => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">
    <rect width="100%" height="100%" fill="${colour}"/>
    <text x="60" y="340" font-family="sans-serif" font-size="64" fill="#fff">${label}</text></svg>`
  const data = await sharp(Buffer.from(svg)).png().toBuffer()
  return { data, mimetype: 'image/png', name: `seed-${slugify(label)}.png`, size: data.length }
}

/**
 * Creates the demo installation: an admin and two sites with ordered pages, posts, taxonomies and
 * images. Every document is looked up first and only created when missing, so running it again
 * changes nothing.
 */
export const seed = async (
  payload: Payload,
  { adminEmail, adminPassword }: { adminEmail: string; adminPassword: string },
): Promise<SeedResult> => {
  let created = 0
  const findOrCreate = async <T extends { id: number }>(
    collection: CollectionSlug,
    where: Where,
    make: () => Promise<T>,
  ): Promise<number> => {
    const { docs } = await payload.find({ collection, where, limit: 1, depth: 0, draft: true })
    if (docs[0]) return docs[0].id as number
    created++
    return (await make()).id
  }

  const existingAdmin = await payload.count({
    collection: 'users',
    where: { email: { equals: adminEmail } },
  })
  const adminId = await findOrCreate('users', { email: { equals: adminEmail } }, () =>
    payload.create({
      collection: 'users',
      data: { email: adminEmail, password: adminPassword, name: 'Admin', roles: ['admin'] },
    }),
  )

  for (const site of SEED_SITES) await seedSite(payload, site, adminId, findOrCreate)

  return {
    created,
    admin: { email: adminEmail, password: existingAdmin.totalDocs ? null : adminPassword },
  }
}

type FindOrCreate = <T extends { id: number }>(
  collection: CollectionSlug,
  where: Where,
  make: () => Promise<T>,
) => Promise<number>

const seedSite = async (
  payload: Payload,
  site: SeedSite,
  author: number,
  findOrCreate: FindOrCreate,
) => {
  const siteId = await findOrCreate('sites', { slug: { equals: site.slug } }, () =>
    payload.create({
      collection: 'sites',
      data: {
        name: site.name,
        slug: site.slug,
        domain: site.domain,
        siteType: site.siteType,
        hostingType: site.hostingType,
        settings: {
          tagline: site.tagline,
          locale: 'en',
          timezone: 'Europe/London',
          defaultTemplate: 'default',
        },
      },
    }),
  )
  const inSite = (extra: Where): Where => ({ and: [{ site: { equals: siteId } }, extra] })
  const media = async (colour: string, label: string) => {
    const file = await image(colour, label)
    return findOrCreate('media', inSite({ filename: { equals: file.name } }), () =>
      payload.create({ collection: 'media', data: { alt: label, site: siteId }, file }),
    )
  }

  const logo = await media(site.colour, site.name)
  const { settings } = await payload.findByID({ collection: 'sites', id: siteId, depth: 0 })
  if (!settings?.logo) {
    await payload.update({
      collection: 'sites',
      id: siteId,
      data: { settings: { ...settings, logo } },
    })
  }

  const pageIds = new Map<string, number>()
  for (const page of site.pages) {
    const id = await findOrCreate('pages', inSite({ slug: { equals: slugify(page.title) } }), () =>
      payload.create({
        collection: 'pages',
        data: {
          title: page.title,
          site: siteId,
          template: page.template as 'default',
          parent: page.parent ? pageIds.get(page.parent) : undefined,
          content: paragraph(page.text),
          _status: 'published',
        },
      }),
    )
    pageIds.set(page.title, id)
  }

  const taxonomy = async (collection: 'categories' | 'tags', names: string[]) =>
    new Map(
      await Promise.all(
        names.map(async (name) => {
          const id = await findOrCreate(
            collection,
            inSite({ slug: { equals: slugify(name) } }),
            () => payload.create({ collection, data: { name, site: siteId } }),
          )
          return [name, id] as const
        }),
      ),
    )
  const categories = await taxonomy('categories', site.categories)
  const tags = await taxonomy('tags', site.tags)

  for (const post of site.posts) {
    const featuredImage = await media(post.image, post.title)
    await findOrCreate('posts', inSite({ slug: { equals: slugify(post.title) } }), () =>
      payload.create({
        collection: 'posts',
        data: {
          title: post.title,
          site: siteId,
          excerpt: post.excerpt,
          content: paragraph(post.text),
          featuredImage,
          categories: post.categories.map((name) => categories.get(name)!),
          tags: post.tags.map((name) => tags.get(name)!),
          authors: [author],
          _status: 'published',
        },
      }),
    )
  }
}
