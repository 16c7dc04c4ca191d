import { startTestApp, type TestApp } from '../helpers/app'

let app: TestApp
beforeAll(async () => {
  app = await startTestApp()
})
afterAll(() => app.close())

it('serves an empty site list to anonymous readers', async () => {
  const res = await app.api.get('/sites')
  expect(res.status).toBe(200)
  expect(res.body.docs).toEqual([])
})
