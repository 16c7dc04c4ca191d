/**
 * The adapter contract's site-level step (`DestinationAdapter.deploySite`): saving a site's
 * settings queues one site-level delivery per active integration whose adapter renders whole
 * sites, and the runner calls the step once for it; a failing step is released to run again with
 * its error, credentials redacted. Against the fake adapter with a `deploySite` added, on a real
 * PostgreSQL. (The hosted `sites` adapter through the runner: tests/int/sites.int.spec.ts.)
 */
import type { Payload } from 'payload'

import type { AnyDestinationAdapter } from '@plugins/publishing/types'

import { PublishingError, runDeliveries } from '@plugins/publishing/exports/server'

import {
  createFakeIntegration,
  GOOD_TOKEN,
  resettableFake,
  startStepApp,
  type StepApp,
} from '../../helpers/fakeDestinations'

const fake = resettableFake()
/** The integrations the step was called for, in order. */
const calls: number[] = []
let failWith: Error | null = null
const adapter = {
  ...fake.adapter,
  deploySite: async (context) => {
    calls.push(context.integration.id)
    if (failWith) throw failWith
  },
} as AnyDestinationAdapter

let step: StepApp
let payload: Payload
let site: number
let integration: number
let serial = 0

beforeAll(async () => {
  step = await startStepApp(adapter)
  payload = step.payload
})
afterAll(async () => step?.app.close())

beforeEach(async () => {
  fake.reset()
  calls.length = 0
  failWith = null
  site = Number(
    (
      await payload.create({
        collection: 'sites',
        data: { name: `Site step ${++serial}`, siteType: 'blog' },
      })
    ).id,
  )
  integration = await createFakeIntegration(payload, site)
})

const siteJobs = async () =>
  (
    await payload.find({
      collection: 'payload-jobs',
      where: { taskSlug: { equals: 'publishing-deploy-site' } },
      limit: 0,
      pagination: false,
    })
  ).docs

/** One runner tick, waited for. */
const tick = async () => (await runDeliveries(payload)).settled

describe('the site-level step', () => {
  it('a settings change queues one site-level delivery; the runner calls the step once for it', async () => {
    await payload.update({
      collection: 'sites',
      id: site,
      data: { settings: { tagline: 'New tagline' } },
    })
    const jobs = await siteJobs()
    expect(jobs.map((job) => job.input)).toEqual([{ integration }])
    await tick()
    expect(calls).toEqual([integration])
    expect(await siteJobs()).toEqual([])
  })

  it('a save that changes no setting, or an inactive integration, queues nothing', async () => {
    await payload.update({ collection: 'sites', id: site, data: { siteType: 'corporate' } })
    expect(await siteJobs()).toEqual([])
    await payload.update({ collection: 'integrations', id: integration, data: { isActive: false } })
    await payload.update({ collection: 'sites', id: site, data: { name: 'Renamed again' } })
    expect(await siteJobs()).toEqual([])
    await tick()
    expect(calls).toEqual([])
  })

  it('a failing step is released to run again later with its error, credentials redacted', async () => {
    failWith = new PublishingError(`The host refused ${GOOD_TOKEN}.`, { retryable: true })
    await payload.update({ collection: 'sites', id: site, data: { name: 'Failing' } })
    await tick()
    expect(calls).toEqual([integration])
    const [job] = await siteJobs()
    expect(job.processing).toBe(false)
    expect(job.hasError).toBe(false)
    expect(new Date(job.waitUntil as string).getTime()).toBeGreaterThan(Date.now())
    const message = JSON.stringify(job.error)
    expect(message).toContain('The host refused')
    expect(message).not.toContain(GOOD_TOKEN)
    // Not due yet: the next tick leaves it.
    await tick()
    expect(calls).toEqual([integration])
  })
})
