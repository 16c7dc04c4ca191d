/** Registration: the first user runs the installation; nobody signs themselves up after that. */
import { startTestApp, type TestApp } from '../helpers/app'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

it('makes the first registered user an admin, whatever the form asked for', async () => {
  const res = await app.api.post('/users/first-register', {
    body: { email: 'founder@example.com', password: 'a long password', roles: ['editor'] },
  })
  expect(res.status).toBe(200)
  expect(res.body.user.roles).toEqual(['admin'])
})

it('refuses a second first-registration and anonymous sign-ups', async () => {
  const again = await app.api.post('/users/first-register', {
    body: { email: 'intruder@example.com', password: 'a long password' },
  })
  expect(again.status).toBeGreaterThanOrEqual(400)
  const signup = await app.api.post('/users', {
    body: { email: 'intruder@example.com', password: 'a long password', roles: ['admin'] },
  })
  expect(signup.status).toBe(403)
  const { totalDocs } = await app.payload.count({ collection: 'users' })
  expect(totalDocs).toBe(1)
})

it('gives users an admin creates the editor role by default', async () => {
  const { token } = await app.payload.login({
    collection: 'users',
    data: { email: 'founder@example.com', password: 'a long password' },
  })
  const res = await app.api.post('/users', {
    auth: { token: String(token) },
    body: { email: 'writer@example.com', password: 'a long password' },
  })
  expect(res.status).toBe(201)
  expect(res.body.doc.roles).toEqual(['editor'])
})
