/**
 * The admin experience in a real browser: the built app, Debian's Chromium, a real webhook
 * receiver. Screenshots of every screen land in tests/e2e/artifacts (gitignored).
 */
import type { Locator, Page } from 'playwright-core'

import { startFakeWordPress } from '../../bench/lib/fakeWordPress'
import { queryOn } from '../../scripts/lib/postgres'
import { startReceiver, type Receiver } from '../helpers/receiver'
import { waitFor } from '../helpers/wait'
import { PASSWORD, seedScene } from './helpers/api'
import { login, openBrowser, shot } from './helpers/browser'
import { startApp, type RunningApp } from './helpers/server'

const SECRET = 'browser-webhook-secret'

let app: RunningApp
let receiver: Receiver
let scene: Awaited<ReturnType<typeof seedScene>>
let browser: Awaited<ReturnType<typeof openBrowser>>
let editor: Page
let admin: Page

const pageTitles = (page: Page) =>
  page.locator('.page-tree__row .page-tree__title').allTextContents()
const row = (page: Page, title: string): Locator =>
  page.locator('.page-tree__row', {
    has: page.locator('.page-tree__title', { hasText: new RegExp(`^${title}$`) }),
  })
const dashboard = () => `${app.url}/admin/site-manager/${scene.site}`

/** Presses Tab until the element matching `selector` has focus: proves it is reachable by keyboard. */
const tabTo = async (page: Page, selector: string, max = 250) => {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
  }
  throw new Error(`Tab never reached ${selector}`)
}

beforeAll(async () => {
  ;[app, receiver] = await Promise.all([startApp(), startReceiver(SECRET)])
  scene = await seedScene(app.url)
  browser = await openBrowser()
  editor = await browser.newPage()
  admin = await browser.newPage()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await receiver?.close()
  await app?.stop()
})

/** Keeps what both browsers showed when a test failed, and the app's last log lines. */
const failed = new Set<string>()
afterEach(async () => {
  const { currentTestName } = expect.getState()
  if (!currentTestName || !failed.has(currentTestName)) return
  const slug = currentTestName.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)
  if (editor) await shot(editor, `FAILED-${slug}-editor`).catch(() => undefined)
  if (admin) await shot(admin, `FAILED-${slug}-admin`).catch(() => undefined)
  console.log(app?.logs())
})

/** `it` that remembers its failure for the afterEach above. */
const step = (name: string, fn: () => Promise<void>, timeout?: number) =>
  it(
    name,
    async () => {
      try {
        await fn()
      } catch (error) {
        failed.add(expect.getState().currentTestName ?? name)
        throw error
      }
    },
    timeout,
  )

describe('an editor runs the site from the Site Manager', () => {
  step('signs in and finds the Site Manager in the navigation', async () => {
    await login(editor, app.url, 'editor@example.com', PASSWORD)
    await editor.goto(`${app.url}/admin`)
    const link = editor.locator('#nav-site-manager')
    await expect(link.textContent()).resolves.toContain('Site Manager')
    // The navigation starts closed in a fresh browser: open it like a person would.
    if (
      !(await link.isVisible()) ||
      (await link.evaluate((el) => Boolean(el.closest('[inert]'))))
    ) {
      await editor.getByRole('button', { name: 'Open' }).first().click()
    }
    await link.click()
    await editor.waitForURL('**/admin/site-manager')
    const rowOfSite = editor.locator(`tr[data-site-id="${scene.site}"]`)
    await expect(rowOfSite.textContent()).resolves.toMatch(/Northwind Blog.*blog.*hosted.*3.*1/s)
    await shot(editor, '01-site-manager-list-editor')
    await rowOfSite.getByRole('link', { name: 'Northwind Blog' }).click()
    await editor.waitForURL(`**/admin/site-manager/${scene.site}`)
    await editor.locator('.page-tree__row').first().waitFor()
    expect(await pageTitles(editor)).toEqual(['Home', 'About', 'Contact'])
    await shot(editor, '02-site-dashboard')
  })

  step('reorders pages by dragging, and the order survives a reload', async () => {
    const handle = row(editor, 'Contact').locator('.page-tree__handle')
    const target = row(editor, 'Home')
    const from = (await handle.boundingBox())!
    const to = (await target.boundingBox())!
    await editor.mouse.move(from.x + from.width / 2, from.y + from.height / 2)
    await editor.mouse.down()
    await editor.mouse.move(from.x + from.width / 2, from.y + 10, { steps: 5 })
    await editor.mouse.move(from.x + from.width / 2, to.y + 4, { steps: 15 })
    await editor.mouse.up()
    await editor.getByText('Moved Contact.').waitFor()
    await editor.reload()
    await editor.locator('.page-tree__row').first().waitFor()
    expect(await pageTitles(editor)).toEqual(['Contact', 'Home', 'About'])
    await shot(editor, '03-after-drag')
  })

  step('moves a page with the keyboard alone: up, then under the page above', async () => {
    await editor.locator('h1').click() // start tabbing from the top of the content
    await tabTo(editor, '[aria-label="Move About up"]')
    await editor.keyboard.press('Enter')
    await editor.getByText('Moved About.').waitFor()
    await editor.waitForFunction(
      () =>
        [...document.querySelectorAll('.page-tree__title')].map((a) => a.textContent).join() ===
        'Contact,About,Home',
    )
    // Focus stayed on the button, so the next step is one key away.
    expect(await editor.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Move About up',
    )
    await editor.keyboard.press('Shift+Tab')
    await editor.keyboard.press('Shift+Tab')
    await tabTo(editor, '[aria-label="Move Home under the page above"]')
    await editor.keyboard.press('Enter')
    await editor.getByText('Moved Home.').waitFor()
    await editor.reload()
    await editor.locator('.page-tree__row').first().waitFor()
    expect(await pageTitles(editor)).toEqual(['Contact', 'About', 'Home'])
    expect(await row(editor, 'Home').getAttribute('data-depth')).toBe('1')
    const home = await scene.admin.get(`/pages/${scene.pages.Home}?depth=0`)
    expect(home.parent).toBe(scene.pages.About)
    await shot(editor, '04-after-keyboard-moves')
  })

  step('drags with the keyboard sensor too (Space, arrows, Space)', async () => {
    await row(editor, 'Contact').locator('.page-tree__handle').focus()
    // At a person's pace: the sensor measures where the page is after each key.
    for (const key of ['Space', 'ArrowDown', 'ArrowDown', 'Space']) {
      await editor.keyboard.press(key)
      await editor.waitForTimeout(250)
    }
    await editor.getByText('Moved Contact.').waitFor()
    await editor.reload()
    await editor.locator('.page-tree__row').first().waitFor()
    expect((await pageTitles(editor))[0]).toBe('About')
  })

  step('adds a page with a template, and it opens in the editor', async () => {
    await editor.getByLabel('New page title').fill('Pricing')
    await editor.locator('form[aria-label="Add a page"] select').selectOption('landing')
    await editor.getByRole('button', { name: 'Add page' }).click()
    await editor.waitForURL(/\/admin\/collections\/pages\/\d+$/)
    const id = Number(editor.url().split('/').pop())
    const created = await scene.admin.get(`/pages/${id}?draft=true&depth=0`)
    expect(created).toMatchObject({
      title: 'Pricing',
      template: 'landing',
      site: scene.site,
      _status: 'draft',
    })
    await editor.locator('#publishing-panel-title').waitFor()
    await shot(editor, '05-new-page-in-editor')
  })

  step('changes a template inline', async () => {
    await editor.goto(dashboard())
    await row(editor, 'Pricing').getByLabel('Template of Pricing').selectOption('full-width')
    await editor.getByText('Pricing now uses the full-width template.').waitFor()
    await editor.reload()
    await expect(
      row(editor, 'Pricing').getByLabel('Template of Pricing').inputValue(),
    ).resolves.toBe('full-width')
  })

  step('edits the site settings in place', async () => {
    const form = editor.locator('form[aria-label="Site settings"]')
    await form.getByLabel('Tagline').fill('Fresh winds, weekly')
    await form.getByLabel('Time zone').fill('Europe/Paris')
    await form.getByLabel('Default template').selectOption('sidebar')
    await form.getByRole('button', { name: 'Save settings' }).click()
    await editor.getByText('Site settings saved.').waitFor()
    await editor.reload()
    await expect(form.getByLabel('Tagline').inputValue()).resolves.toBe('Fresh winds, weekly')
    await expect(form.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Paris')
    const site = await scene.admin.get(`/sites/${scene.site}?depth=0`)
    expect(site.settings).toMatchObject({
      tagline: 'Fresh winds, weekly',
      timezone: 'Europe/Paris',
      defaultTemplate: 'sidebar',
    })
    // A bad time zone is refused with the server's sentence.
    await form.getByLabel('Time zone').fill('Mars/Olympus')
    await form.getByRole('button', { name: 'Save settings' }).click()
    await editor.getByText(/not a time zone/).waitFor()
    await shot(editor, '06-site-settings')
  })

  step('sees only the sites it manages', async () => {
    const other = (await scene.admin.post('/sites', { name: 'Other Site' })).doc.id as number
    await editor.goto(`${app.url}/admin/site-manager`)
    await expect(editor.locator('tr[data-site-id]').count()).resolves.toBe(1)
    await editor.goto(`${app.url}/admin/site-manager/${other}`)
    await editor.getByText(`You do not manage site ${other}`).waitFor()
  })

  step('previews drafts only for signed-in people', async () => {
    await editor.goto(`${app.url}/preview/posts/${scene.draftPost}`)
    await editor.getByRole('heading', { name: /Launch notes/ }).waitFor()
    await shot(editor, '07-preview-draft')
    const anonymous = await fetch(`${app.url}/preview/posts/${scene.draftPost}`)
    const html = await anonymous.text()
    expect(html).toContain('Sign in to preview')
    expect(html).not.toContain('Launch notes')
  })
})

describe('an admin connects a destination and publishes', () => {
  let integrationId: number

  step(
    'adds a webhook destination through the platform selector and tests its connection',
    async () => {
      await login(admin, app.url, 'admin@example.com', PASSWORD)
      await admin.goto(`${app.url}/admin/collections/integrations/create`)
      await admin.getByRole('button', { name: /Webhook/ }).waitFor()
      await shot(admin, '08-platform-selector')
      // Each platform asks for its own fields only; changing one's mind starts them afresh.
      await admin.getByRole('button', { name: /WordPress/ }).click()
      await admin.getByLabel('Site URL').fill('https://blog.example.com')
      await expect(admin.getByLabel('Endpoint URL').count()).resolves.toBe(0)
      await admin.getByRole('button', { name: /Webhook/ }).click()
      await expect(admin.getByLabel('Site URL').count()).resolves.toBe(0)
      expect(
        await admin.getByRole('button', { name: /Webhook/ }).getAttribute('aria-pressed'),
      ).toBe('true')
      await admin.getByLabel('Endpoint URL').fill(receiver.url)
      await admin.getByLabel('Signing secret').fill(SECRET)
      await admin.locator('#field-name').fill('Northwind hook')
      await admin.locator('#field-site .rs__control').click()
      await admin.locator('.rs__option', { hasText: 'Northwind Blog' }).click()
      await shot(admin, '09-destination-form')
      await admin.getByRole('button', { name: 'Save' }).click()
      await admin.waitForURL(/\/admin\/collections\/integrations\/\d+$/)
      integrationId = Number(admin.url().split('/').pop())
      await admin.getByText('Signing secret: set').waitFor()
      await admin.getByRole('button', { name: 'Test connection' }).click()
      await admin.getByText(/Connected\./).waitFor()
      expect(receiver.requests.at(-1)?.event).toBe('ping')
      await shot(admin, '10-destination-tested')
    },
  )

  step('publishes a post and watches it become published in the Publishing panel', async () => {
    await admin.goto(`${app.url}/admin/collections/posts/${scene.draftPost}`)
    await admin.locator('#publishing-panel-title').waitFor()
    await admin.getByRole('button', { name: 'Publish changes' }).click()
    const item = admin.locator('.publishing-panel__item[data-destination="Northwind hook"]')
    await item.getByText('Published', { exact: true }).waitFor({ timeout: 30_000 })
    await expect(
      item.getByRole('link', { name: /Open the copy/ }).getAttribute('href'),
    ).resolves.toMatch(/^https:\/\/receiver\.example\//)
    await shot(admin, '11-post-published')
  })

  step('shows a failed delivery with its error, and Retry publishes it', async () => {
    receiver.script.push({
      kind: 'status',
      status: 400,
      message: 'title too long for the receiver',
    })
    await admin.getByRole('button', { name: 'Publish now' }).click()
    const item = admin.locator('.publishing-panel__item[data-destination="Northwind hook"]')
    await item.getByText('Failed', { exact: true }).waitFor({ timeout: 30_000 })
    await item.getByText(/title too long for the receiver/).waitFor()
    await shot(admin, '12-delivery-failed')
    // Tabbing through the whole page would stop in the rich text editor, which keeps Tab for
    // indenting (as editors expect); start from the panel's heading, as a keyboard user would.
    await admin.locator('#publishing-panel-title').click()
    await tabTo(admin, '.publishing-panel__item button')
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toMatch(/^Retry/)
    await admin.keyboard.press('Enter')
    await item.getByText('Published', { exact: true }).waitFor({ timeout: 30_000 })
  })

  step('retries a 500 on its own until published', async () => {
    receiver.script.push({ kind: 'status', status: 500, message: 'down for a moment' })
    const before = receiver.requests.length
    await admin.getByRole('button', { name: 'Publish now' }).click()
    await admin.getByText('Queued for delivery.').waitFor()
    // The 500, then the automatic retry that succeeded.
    await waitFor(
      async () => receiver.requests.length - before >= 2,
      30_000,
      'the 500 and its retry to reach the receiver',
    )
    const item = admin.locator('.publishing-panel__item[data-destination="Northwind hook"]')
    await item.getByText('Published', { exact: true }).waitFor({ timeout: 30_000 })
    expect(receiver.requests.length - before).toBe(2)
  })

  step(
    'shows destination status in the lists and the site manager, and publishing settings',
    async () => {
      await admin.goto(`${app.url}/admin/collections/posts`)
      await admin.getByText('Northwind hook: Published').first().waitFor()
      await shot(admin, '13-posts-list')
      await admin.goto(`${app.url}/admin/collections/integrations`)
      await admin.locator('[aria-label="Status: Healthy"]').first().waitFor()
      await shot(admin, '14-integrations-list')
      await admin.goto(`${app.url}/admin/site-manager`)
      await admin
        .locator(`tr[data-site-id="${scene.site}"] [data-destination="Northwind hook"]`)
        .waitFor()
      await shot(admin, '15-site-manager-list-admin')
      await admin.goto(`${app.url}/admin/collections/sites/${scene.site}`)
      await admin.getByRole('heading', { name: 'Publishing settings' }).waitFor()
      await shot(admin, '16-site-edit-publishing-settings')
      expect(integrationId).toBeGreaterThan(0)
    },
  )

  step('publishes selected posts from the list through the bulk-action dialog', async () => {
    await admin.goto(`${app.url}/admin/collections/posts`)
    const row = admin.locator('tbody tr', { hasText: 'Launch notes' })
    await row.locator('input[type="checkbox"]').check({ force: true })
    await admin.getByRole('button', { name: 'Publish to…' }).click()
    const dialog = admin.getByRole('dialog', { name: 'Publish to…' })
    await dialog.getByText('Northwind Blog (1)').waitFor()
    await dialog.getByLabel('Northwind hook').check()
    await dialog.getByText('Northwind Blog: 1 post will be published to Northwind hook.').waitFor()
    await shot(admin, '16b-bulk-publish-dialog')
    const before = receiver.requests.length
    await dialog.getByRole('button', { name: 'Publish to 1 destination' }).click()
    await admin.getByText(/1 delivery queued or recorded\./).waitFor()
    await waitFor(
      async () => receiver.requests.length > before,
      30_000,
      'the bulk delivery to reach the receiver',
    )
    expect(receiver.requests.at(-1)?.document?.title).toBe('Launch notes')
  })

  step(
    'shows a conflict side by side, and keeping this version delivers it over the remote copy',
    async () => {
      // Two-way sync puts a record in conflict when both sides changed since the last delivery and
      // keeps the remote side beside it (tests/int/sync.int.spec.ts does that against WordPress);
      // a webhook cannot be pulled from, so stage the same state here.
      const remote = {
        title: 'Launch notes, edited at the destination',
        slug: 'launch-notes',
        excerpt: 'Their excerpt',
        status: 'publish',
        modifiedAt: new Date().toISOString(),
        url: null,
        html: '<p>Their words</p>',
      }
      await queryOn(
        app.databaseUri,
        "update publishing_records set status = 'conflict', remote_version = $2::jsonb where document_id = $1 and document_collection = 'posts'",
        [scene.draftPost, JSON.stringify(remote)],
      )
      await admin.goto(`${app.url}/admin/collections/posts/${scene.draftPost}`)
      const item = admin.locator('.publishing-panel__item[data-destination="Northwind hook"]')
      await item.getByText('Conflict', { exact: true }).waitFor()
      await item.getByRole('cell', { name: remote.title }).waitFor()
      await item.getByRole('button', { name: 'Keep the version at Northwind hook' }).waitFor()
      await item.scrollIntoViewIfNeeded()
      await shot(admin, '17a-conflict')
      const before = receiver.requests.length
      const answer = admin.waitForResponse((r) => r.url().includes('/resolve'))
      await item.getByRole('button', { name: 'Keep this version' }).click()
      expect((await answer).status()).toBe(202)
      await admin.getByText('Sending this version to Northwind hook.').waitFor()
      await item.getByText('Published', { exact: true }).waitFor({ timeout: 30_000 })
      expect(receiver.requests.length).toBeGreaterThan(before)
      expect(receiver.requests.at(-1)?.document?.title).toBe('Launch notes')
    },
  )

  step(
    'offers Sync now only for platforms that can pull, and shows what the sync did',
    async () => {
      // A WordPress look-alike on loopback (the one bench:sync uses) with three posts.
      const wordpress = await startFakeWordPress({ posts: 3, pages: 0 })
      try {
        const created = await scene.admin.post('/integrations', {
          name: 'Northwind WordPress',
          site: scene.site,
          platform: 'wordpress',
          config: { siteUrl: wordpress.url },
          credentials: { username: 'editor', applicationPassword: 'abcd efgh ijkl mnop qrst uvwx' },
        })
        await admin.goto(`${app.url}/admin/collections/integrations/${created.doc.id}`)
        const panel = admin.locator('.publishing-integration-panel')
        const answer = admin.waitForResponse((r) => r.url().endsWith('/sync'))
        await admin.getByRole('button', { name: 'Sync now' }).click()
        expect((await answer).status()).toBe(202)
        // The sync imports what the site already had: three posts pulled and created.
        await panel.getByText(/Pulled\W*3/).waitFor({ timeout: 60_000 })
        await panel.getByText(/Created\W*3/).waitFor()
        await shot(admin, '17b-sync-now')
        const { totalDocs } = await scene.admin.get(
          `/posts?where[site][equals]=${scene.site}&where[title][like]=post&limit=0`,
        )
        expect(totalDocs).toBe(3)
        // A disabled destination is not synced, and the panel says why, in the endpoint's words.
        await scene.admin.patch(`/integrations/${created.doc.id}`, { isActive: false })
        await admin.reload()
        await admin.locator('[aria-label="Status: Disabled"]').waitFor()
        await admin.getByRole('button', { name: 'Sync now' }).click()
        await admin.getByText(/inactive: activate it before syncing/).waitFor()
      } finally {
        await wordpress.close()
      }
      // The webhook cannot pull: no Sync now there.
      await admin.goto(`${app.url}/admin/collections/integrations`)
      await admin.getByRole('link', { name: 'Northwind hook' }).click()
      await admin.getByRole('button', { name: 'Test connection' }).waitFor()
      await expect(admin.getByRole('button', { name: 'Sync now' }).count()).resolves.toBe(0)
    },
    120_000,
  )

  step('removes a page after saying what happens at each destination', async () => {
    // Contact was published before the destination existed: saving it again delivers a copy.
    await scene.admin.patch(`/pages/${scene.pages.Contact}`, { title: 'Contact' })
    await waitFor(
      async () => {
        const { docs } = await scene.admin.get(
          `/publishing-records?where[documentId][equals]=${scene.pages.Contact}&where[documentCollection][equals]=pages`,
        )
        return docs[0]?.status === 'published'
      },
      30_000,
      "Contact's copy to be published",
    )
    await admin.goto(dashboard())
    await row(admin, 'Contact')
      .getByRole('button', { name: /Remove/ })
      .click()
    await admin.getByText('Northwind hook: the copy will be unpublished').waitFor()
    await shot(admin, '17-remove-page-confirmation')
    await admin.getByRole('button', { name: 'Remove page', exact: true }).click()
    await admin.getByText('Removed Contact.').waitFor()
    await admin.reload()
    await admin.locator('.page-tree__row').first().waitFor()
    expect(await pageTitles(admin)).not.toContain('Contact')
    await admin.locator('#sm-activity').scrollIntoViewIfNeeded()
    await shot(admin, '18-dashboard-activity')
    await expect(admin.locator('#sm-activity + * ').textContent()).resolves.toMatch(
      /admin@example\.com/,
    )
  })
})
