/**
 * Credentials stay secret: a canary secret appears in no API response for any role, in no row of
 * any table but sealed, and in no log line; a tampered one gives a clear error; keys rotate.
 */
import http from 'http'

import { parseKeyRing } from '@plugins/publishing/crypto/keyRing'
import { assertPlatformsRegistered, rotateCredentials } from '@plugins/publishing/exports/server'
import { registryOf } from '@plugins/publishing/registry'

import type { World } from '../helpers/fixtures'

import { startWorld, type TestApp } from '../helpers/app'
import { drainDeliveries } from '../helpers/deliveries'
import { startReceiver, type Receiver } from '../helpers/receiver'
import { queryOn } from '../helpers/testDatabase'

const CANARY = 'canary-Zq7xW2-do-not-leak'

let app: TestApp
let world: World
let receiver: Receiver
let integrationId: number
const logged: string[] = []

const query = (sql: string, params: unknown[] = []) => queryOn(app.databaseUri, sql, params)

beforeAll(async () => {
  ;({ app, world } = await startWorld())
  receiver = await startReceiver(CANARY)
  // Record everything Payload logs from here on.
  const logger = app.payload.logger as unknown as Record<string, (...args: unknown[]) => void>
  for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal']) {
    const original = logger[level].bind(logger)
    logger[level] = (...args: unknown[]) => {
      logged.push(
        JSON.stringify(args, (_key, value) =>
          value instanceof Error ? `${value.name}: ${value.message} ${value.stack}` : value,
        ),
      )
      original(...args)
    }
  }
  const res = await app.api.post('/integrations', {
    auth: world.actors.admin,
    body: {
      name: 'Canary hook',
      site: world.siteA,
      platform: 'webhook',
      config: { url: receiver.url },
      credentials: { signingSecret: CANARY },
    },
  })
  expect(res.status).toBe(201)
  expect(JSON.stringify(res.body)).not.toContain(CANARY)
  expect(res.body.doc.hasCredentials).toBe(true)
  integrationId = res.body.doc.id
})
afterAll(async () => {
  await receiver.close()
  await app.close()
})

it('is used to sign deliveries', async () => {
  receiver.script.push({ kind: 'status', status: 500, message: 'try again' })
  await app.payload.create({
    collection: 'posts',
    data: { title: 'Signed', site: world.siteA, _status: 'published' },
  })
  await drainDeliveries(app.payload)
  expect(receiver.requests.map((r) => r.signatureValid)).toEqual([true, true])
})

it('appears in no REST or GraphQL response, for any role', async () => {
  const gql = `{ Integrations { docs { id name config credentials hasCredentials } } Integration(id: ${integrationId}) { credentials } PublishingRecords { docs { lastError } } }`
  for (const [actor, auth] of Object.entries(world.actors)) {
    const responses = await Promise.all([
      app.api.get('/integrations?depth=2', { auth }),
      app.api.get(`/integrations/${integrationId}`, { auth }),
      app.api.get(`/sites/${world.siteA}?depth=2`, { auth }),
      app.api.get('/publishing-records', { auth }),
      app.api.graphql(gql, { auth }),
      app.api.patch(`/integrations/${integrationId}`, { auth, body: { name: 'Canary hook' } }),
    ])
    for (const res of responses)
      expect([actor, JSON.stringify(res.body)]).not.toEqual([
        actor,
        expect.stringContaining(CANARY),
      ])
  }
})

it('is stored only sealed: no table holds it in clear, jobs included', async () => {
  const { rows: tables } = await query(
    "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'",
  )
  expect(tables.map((t) => t.table_name)).toEqual(
    expect.arrayContaining(['payload_jobs', 'integrations']),
  )
  for (const { table_name } of tables) {
    const { rows } = await query(`select t::text as row from "${table_name}" t`)
    for (const { row } of rows) expect(`${table_name}: ${row}`).not.toContain(CANARY)
  }
  const { rows } = await query('select credentials_sealed from integrations where id = $1', [
    integrationId,
  ])
  expect(rows[0].credentials_sealed).toMatch(/^v1\.test\./)
})

it('never reaches the logs, also when deliveries and connection tests fail', async () => {
  receiver.script.push({ kind: 'status', status: 401, message: 'signature rejected' })
  await app.api.post(`/integrations/${integrationId}/test-connection`, { auth: world.actors.admin })
  receiver.script.push({ kind: 'status', status: 403, message: 'forbidden' })
  await app.payload.create({
    collection: 'posts',
    data: { title: 'Rejected', site: world.siteA, _status: 'published' },
  })
  await drainDeliveries(app.payload)
  expect(logged.length).toBeGreaterThan(0)
  for (const line of logged) expect(line).not.toContain(CANARY)
})

it('gives a clear error on that integration, not a crash, when the stored value was tampered with', async () => {
  const { rows } = await query('select credentials_sealed from integrations where id = $1', [
    integrationId,
  ])
  const sealed: string = rows[0].credentials_sealed
  const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA')
  await query('update integrations set credentials_sealed = $1 where id = $2', [
    tampered,
    integrationId,
  ])
  const res = await app.api.post(`/integrations/${integrationId}/test-connection`, {
    auth: world.actors.admin,
  })
  expect(res.status).toBe(200)
  expect(res.body.ok).toBe(false)
  expect(res.body.message).toMatch(
    /credentials of integration "Canary hook" cannot be used.*Enter them again/,
  )
  const post = await app.payload.create({
    collection: 'posts',
    data: { title: 'Blocked', site: world.siteA, _status: 'published' },
  })
  await drainDeliveries(app.payload)
  const { docs } = await app.payload.find({
    collection: 'publishing-records',
    where: { documentId: { equals: post.id } },
  })
  expect(docs[0]).toMatchObject({
    status: 'failed',
    lastError: expect.stringMatching(/cannot be used/),
  })
  // Entering the credentials again repairs it.
  const repaired = await app.api.patch(`/integrations/${integrationId}`, {
    auth: world.actors.admin,
    body: { credentials: { signingSecret: CANARY } },
  })
  expect(repaired.status).toBe(200)
  const ok = await app.api.post(`/integrations/${integrationId}/test-connection`, {
    auth: world.actors.admin,
  })
  expect(ok.body.ok).toBe(true)
})

it('rotates every secret to the first key, after which the old key can go', async () => {
  const registry = registryOf(app.payload)
  const oldSpec = process.env.CREDENTIALS_KEYS!
  const newKey = `fresh:${Buffer.alloc(32, 9).toString('base64')}`
  registry.runtime.keyRing = parseKeyRing(`${newKey},${oldSpec}`)
  const report = await rotateCredentials(app.payload)
  expect(report).toEqual({ rotated: 1, current: 0, failed: [] })
  expect(await rotateCredentials(app.payload)).toEqual({ rotated: 0, current: 1, failed: [] })
  const { rows } = await query('select credentials_sealed from integrations where id = $1', [
    integrationId,
  ])
  expect(rows[0].credentials_sealed).toMatch(/^v1\.fresh\./)
  registry.runtime.keyRing = parseKeyRing(newKey)
  const ok = await app.api.post(`/integrations/${integrationId}/test-connection`, {
    auth: world.actors.admin,
  })
  expect(ok.body.ok).toBe(true)
})

it('refuses to start with an integration whose platform no adapter registers', async () => {
  await query(
    "insert into integrations (site_id, name, platform, updated_at, created_at) values ($1, 'Old shop', 'squarespace', now(), now())",
    [world.siteA],
  )
  await expect(assertPlatformsRegistered(app.payload)).rejects.toThrow(
    /no adapter registered for platform "squarespace", used by integration\(s\) "Old shop": add its adapter plugin/,
  )
})

it('keeps a WordPress username and password out of lastError, history, jobs, responses and logs when sign-in fails', async () => {
  const username = 'canary-wp-user-Kx4'
  const password = 'CANARY pw7Q abcd 9XyZ'
  // Last in the file: the integrations added here would change what the tests above count.
  // A WordPress that refuses the credentials and, like some security plugins, echoes them back.
  const wordpress = http.createServer((req, res) => {
    req.resume()
    res.writeHead(401, { 'Content-Type': 'application/json; charset=UTF-8' })
    res.end(
      JSON.stringify({
        code: 'incorrect_password',
        message: `The password ${password.replace(/ /g, '')} you entered for the username <strong>${username}</strong> is incorrect. (${req.headers.authorization})`,
      }),
    )
  })
  await new Promise<void>((resolve) => wordpress.listen(0, '127.0.0.1', resolve))
  try {
    const siteUrl = `http://127.0.0.1:${(wordpress.address() as { port: number }).port}`
    const created = await app.api.post('/integrations', {
      auth: world.actors.admin,
      body: {
        name: 'Canary WordPress',
        site: world.siteB,
        platform: 'wordpress',
        config: { siteUrl },
        credentials: { username, applicationPassword: password },
      },
    })
    expect(created.status).toBe(201)
    const test = await app.api.post(`/integrations/${created.body.doc.id}/test-connection`, {
      auth: world.actors.admin,
    })
    expect(test.body).toMatchObject({
      ok: false,
      message: expect.stringMatching(/WordPress refused the username or application password/),
    })

    const post = await app.payload.create({
      collection: 'posts',
      data: { title: 'Refused by WordPress', site: world.siteB, _status: 'published' },
    })
    await drainDeliveries(app.payload)
    const { docs } = await app.payload.find({
      collection: 'publishing-records',
      where: { documentId: { equals: post.id } },
      depth: 0,
    })
    expect(docs[0]).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/HTTP 401.*\[redacted\]/),
    })
    expect(
      (docs[0]?.history as { outcome: string; message?: string }[] | undefined)?.[0],
    ).toMatchObject({ outcome: 'failed', message: docs[0]?.lastError })

    const { rows: jobs } = await query('select t::text as row from payload_jobs t')
    const { rows: records } = await query('select t::text as row from publishing_records t')
    const seen = [
      JSON.stringify(test.body),
      JSON.stringify(docs),
      ...[...jobs, ...records].map((r) => String(r.row)),
      ...logged,
    ]
    const basic = Buffer.from(`${username}:${password.replace(/ /g, '')}`).toString('base64')
    for (const secret of [username, password, password.replace(/ /g, ''), basic]) {
      for (const text of seen) expect(text).not.toContain(secret)
    }
  } finally {
    wordpress.closeAllConnections()
    await new Promise<void>((resolve) => wordpress.close(() => resolve()))
  }
})
