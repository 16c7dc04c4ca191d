/**
 * `readSite` reads a site's documents in a few queries per collection; each must be exactly the
 * document a delivery builds for it alone (`buildDeliveryDocument`): relations at depth 1, HTML,
 * images, a page's parent with its remote id at the integration and its position among siblings
 * (drafts included, as the Site Manager orders them), published and as drafts (the preview).
 */
import { createLocalReq } from 'payload'

import type { TestApp } from '../helpers/app'

import { buildDeliveryDocument } from '../../plugins/publishing/documents/buildDeliveryDocument'
import { readSite } from '../../plugins/publishing/documents/readSite'
import { recordKey } from '../../plugins/publishing/records/recordKey'
import { lexicalParagraph, pngFile, type World } from '../helpers/fixtures'
import { startSitesWorld } from '../helpers/sitesWorld'

let app: TestApp
let world: World
let stop: () => Promise<void>

beforeAll(async () => {
  ;({ app, world, stop } = await startSitesWorld('read-site-int-'))
}, 120_000)

afterAll(async () => {
  await stop?.()
})

test('reads every document of a site as a delivery builds it alone, published and as drafts', async () => {
  const { payload } = app
  const site = world.siteB
  const integration = (
    await payload.create({
      collection: 'integrations',
      data: { name: 'Hosted read', site, platform: 'sites', config: {} },
    })
  ).id as number
  const image = await payload.create({
    collection: 'media',
    data: { alt: 'A pixel', site },
    file: await pngFile(),
  })
  const news = await payload.create({ collection: 'categories', data: { name: 'News', site } })
  const tag = await payload.create({ collection: 'tags', data: { name: 'Hot', site } })
  const page = (title: string, data: Record<string, unknown> = {}) =>
    payload.create({
      collection: 'pages',
      data: {
        title,
        site,
        _status: 'published',
        content: lexicalParagraph(`${title} body`),
        ...data,
      },
    })
  await page('Home', { slug: 'home', template: 'landing', featuredImage: image.id })
  const about = await page('About')
  await page('Team', { parent: about.id })
  await page('Unpublished sibling', { parent: about.id, _status: 'draft' })
  const history = await page('History', { parent: about.id })
  // A published page with a newer draft: published, the old title; as drafts, the new one.
  await payload.update({
    collection: 'pages',
    id: history.id,
    data: { title: 'History, redrafted', _status: 'draft' },
    draft: true,
  })
  await page('Founders', { parent: history.id, meta: { title: 'Our founders', image: image.id } })
  // the parent's copy at the integration
  await payload.db.create({
    collection: 'publishing-records',
    data: {
      document: { relationTo: 'pages', value: about.id },
      documentCollection: 'pages',
      documentId: about.id,
      site,
      integration,
      status: 'published',
      remoteId: 'remote-about',
      recordKey: recordKey('pages', about.id as number, integration),
    },
  })
  for (let n = 1; n <= 3; n++) {
    await payload.create({
      collection: 'posts',
      data: {
        title: `Post ${n}`,
        site,
        _status: n === 3 ? 'draft' : 'published',
        publishedAt: new Date(Date.UTC(2026, 0, n)).toISOString(),
        excerpt: `About ${n}`,
        categories: [news.id],
        tags: n === 2 ? [tag.id] : [],
        featuredImage: n === 1 ? image.id : null,
        content: lexicalParagraph(`Post ${n} body`),
      },
    })
  }

  const req = await createLocalReq({}, payload)
  const serverURL = payload.config.serverURL
  for (const draft of [false, true]) {
    const snapshot = await readSite(payload, req, site, integration, { draft })
    const alone = await Promise.all(
      snapshot.documents.map((document) =>
        buildDeliveryDocument({
          payload,
          req,
          collection: document.collection,
          id: document.id,
          integration,
          remoteStatus: draft ? 'draft' : 'publish',
          serverURL: snapshot.serverURL || serverURL,
          draft,
        }),
      ),
    )
    expect(snapshot.documents).toEqual(alone)
    const titles = snapshot.documents.map((document) => document.title).sort()
    expect(titles).toEqual(
      draft
        ? [
            'About',
            'Founders',
            'History, redrafted',
            'Home',
            'Post 1',
            'Post 2',
            'Post 3',
            'Team',
            'Unpublished sibling',
          ]
        : ['About', 'Founders', 'History', 'Home', 'Post 1', 'Post 2', 'Team'],
    )
    const byTitle = (title: string) => snapshot.documents.find((d) => d.title === title)!
    expect(byTitle('Team').parent).toEqual({ id: about.id, remoteId: 'remote-about' })
    expect(byTitle(draft ? 'History, redrafted' : 'History').order).toBe(2)
  }
}, 120_000)
