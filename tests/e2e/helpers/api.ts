/** Setting the scene over the running app's REST API (what a script or another admin would do). */
export const restAs = (baseUrl: string, token?: string) => {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `JWT ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const json = (await response.json().catch(() => ({}))) as Record<string, any>
    if (!response.ok)
      throw new Error(`${method} ${path}: HTTP ${response.status} ${JSON.stringify(json)}`)
    return json
  }
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    patch: (path: string, body?: unknown) => call('PATCH', path, body),
  }
}

export const PASSWORD = 'browser-tests-password'

/** The first admin, a site with three pages and a post, and an editor of that site. */
export const seedScene = async (baseUrl: string) => {
  const first = await restAs(baseUrl).post('/users/first-register', {
    email: 'admin@example.com',
    password: PASSWORD,
  })
  const admin = restAs(baseUrl, first.token as string)
  const site = (
    await admin.post('/sites', {
      name: 'Northwind Blog',
      domain: 'northwind.example',
      siteType: 'blog',
    })
  ).doc
  await admin.post('/users', {
    email: 'editor@example.com',
    password: PASSWORD,
    roles: ['editor'],
    sites: [site.id],
  })
  const pages: Record<string, number> = {}
  for (const title of ['Home', 'About', 'Contact']) {
    pages[title] = (
      await admin.post('/pages', { title, site: site.id, _status: 'published' })
    ).doc.id
  }
  const draftPost = (
    await admin.post('/posts?draft=true', {
      title: 'Launch notes',
      site: site.id,
      _status: 'draft',
    })
  ).doc.id as number
  return { admin, site: site.id as number, pages, draftPost }
}
