/**
 * The draft preview in a real browser: it arrives with its Content-Security-Policy, still renders
 * (styles included) with every script refused, and an editor's hostile table cell runs nothing.
 */
import type { Page } from 'playwright-core'

import { PASSWORD, seedScene } from './helpers/api'
import { login, openBrowser, shot } from './helpers/browser'
import { startApp, type RunningApp } from './helpers/server'

let app: RunningApp
let scene: Awaited<ReturnType<typeof seedScene>>
let browser: Awaited<ReturnType<typeof openBrowser>>
let editor: Page
/** Dialogs a script opened: the attack below calls alert(). */
const dialogs: string[] = []

const cell = (headerState: string) => ({
  root: {
    type: 'root',
    format: '',
    indent: 0,
    version: 1,
    direction: 'ltr',
    children: [
      {
        type: 'table',
        format: '',
        indent: 0,
        version: 1,
        direction: 'ltr',
        children: [
          {
            type: 'tablerow',
            format: '',
            indent: 0,
            version: 1,
            direction: 'ltr',
            children: [
              {
                type: 'tablecell',
                format: '',
                indent: 0,
                version: 1,
                direction: 'ltr',
                headerState,
                colSpan: 1,
                rowSpan: 1,
                children: [
                  {
                    type: 'paragraph',
                    format: '',
                    indent: 0,
                    version: 1,
                    direction: 'ltr',
                    textFormat: 0,
                    textStyle: '',
                    children: [
                      {
                        type: 'text',
                        detail: 0,
                        format: 0,
                        mode: 'normal',
                        style: '',
                        text: 'Quarterly figures',
                        version: 1,
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
})

beforeAll(async () => {
  app = await startApp()
  scene = await seedScene(app.url)
  browser = await openBrowser()
  editor = await browser.newPage()
  editor.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  await login(editor, app.url, 'editor@example.com', PASSWORD)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('the draft preview', () => {
  it('arrives with a strict Content-Security-Policy and still renders, styled', async () => {
    const response = await editor.goto(`${app.url}/preview/posts/${scene.draftPost}`)
    const policy = response?.headers()['content-security-policy'] ?? ''
    for (const directive of [
      "script-src 'none'",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'self'",
    ]) {
      expect(policy).toContain(directive)
    }
    await editor.getByRole('heading', { name: /Launch notes/ }).waitFor()
    // preview.css arrived under the policy: the bar above the site has its own background.
    const background = await editor
      .locator('.preview-bar')
      .evaluate((bar) => getComputedStyle(bar).backgroundColor)
    expect(background).not.toBe('rgba(0, 0, 0, 0)')
    await shot(editor, 'preview-01-csp')
  })

  it('runs nothing an editor put into a table cell', async () => {
    const post = await scene.admin.post('/posts?draft=true', {
      title: 'Table attack',
      site: scene.site,
      _status: 'draft',
      content: cell('1"><img src=x onerror=alert(document.domain)>'),
    })
    await editor.goto(`${app.url}/preview/posts/${post.doc.id as number}`)
    await editor.getByText('Quarterly figures').waitFor()
    const handlers = await editor.evaluate(() =>
      [...document.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => a.name),
      ),
    )
    expect(handlers).toEqual([])
    expect(dialogs).toEqual([])
    await shot(editor, 'preview-02-table-attack')
  })
})
