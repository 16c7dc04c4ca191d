import { describeWithWordPress } from '../helpers/wordpress'
import { basic } from '../helpers/wordpressRest'

/** Checks the harness itself (scripts/wordpress-test-server.sh) against the real WordPress it runs. */

type Me = { roles: string[]; capabilities: Record<string, boolean> }

describeWithWordPress('the WordPress test harness', (wp) => {
  const me = (user: string, password: string) =>
    fetch(`${wp().restUrl}/wp/v2/users/me?context=edit`, {
      headers: { Authorization: basic({ user, password }) },
    })

  it("accepts the administrator's Application Password over plain http", async () => {
    const res = await me(wp().user, wp().appPassword)
    expect(res.status).toBe(200)
    expect(((await res.json()) as Me).roles).toContain('administrator')
  })

  it('accepts the Application Password as WordPress displays it, in groups of four', async () => {
    const spaced = wp()
      .appPassword.match(/.{1,4}/g)!
      .join(' ')
    expect(spaced).toContain(' ')
    const res = await me(wp().user, spaced)
    expect(res.status).toBe(200)
  })

  it('refuses a wrong password with 401', async () => {
    const wrong = `${wp().appPassword.slice(0, -1)}${wp().appPassword.endsWith('x') ? 'y' : 'x'}`
    const res = await me(wp().user, wrong)
    expect(res.status).toBe(401)
  })

  it('has a contributor who cannot publish', async () => {
    const res = await me(wp().contributorUser, wp().contributorAppPassword)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Me
    expect(body.roles).toEqual(['contributor'])
    expect(body.capabilities.edit_posts).toBe(true)
    expect(body.capabilities.publish_posts ?? false).toBe(false)
  })

  it('answers ?rest_route= as well as /wp-json/, and runs on UTC', async () => {
    const types = await fetch(`${wp().url}/?rest_route=/wp/v2/types`)
    expect(types.status).toBe(200)
    expect(Object.keys((await types.json()) as object)).toContain('post')
    const index = await fetch(`${wp().restUrl}/`)
    expect(index.status).toBe(200)
    expect(((await index.json()) as { timezone_string: string }).timezone_string).toBe('UTC')
  })

  it("reads a post's blocks with WordPress's parser, only for those who may edit it", async () => {
    const admin = {
      Authorization: basic({ user: wp().user, password: wp().appPassword }),
      'Content-Type': 'application/json',
    }
    const created = await fetch(`${wp().restUrl}/wp/v2/posts`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        title: 'Harness blocks',
        content:
          '<!-- wp:separator {"opacity":"css"} -->\n<hr class="wp-block-separator has-css-opacity"/>\n<!-- /wp:separator -->',
      }),
    })
    expect(created.status).toBe(201)
    const { id } = (await created.json()) as { id: number }
    try {
      const parsed = await fetch(`${wp().restUrl}/syndicate-test/v1/blocks/${id}`, {
        headers: admin,
      })
      expect(parsed.status).toBe(200)
      expect(((await parsed.json()) as { blocks: unknown[] }).blocks).toEqual([
        expect.objectContaining({
          blockName: 'core/separator',
          attrs: { opacity: 'css' },
          innerBlocks: [],
        }),
      ])
      expect((await fetch(`${wp().restUrl}/syndicate-test/v1/blocks/${id}`)).status).toBe(401)
      const contributor = {
        Authorization: basic({ user: wp().contributorUser, password: wp().contributorAppPassword }),
      }
      expect(
        (await fetch(`${wp().restUrl}/syndicate-test/v1/blocks/${id}`, { headers: contributor }))
          .status,
      ).toBe(403)
      const scripts = await fetch(`${wp().restUrl}/syndicate-test/v1/editor-scripts`, {
        headers: admin,
      })
      expect(
        ((await scripts.json()) as { handle: string }[]).map((script) => script.handle),
      ).toEqual(expect.arrayContaining(['wp-blocks', 'wp-block-library']))
    } finally {
      await fetch(`${wp().restUrl}/wp/v2/posts/${id}?force=true`, {
        method: 'DELETE',
        headers: admin,
      })
    }
  })
})
