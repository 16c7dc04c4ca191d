/**
 * The deliveries of "publish everything" runs have a lane of their own: a save's delivery queued
 * after a run's thousands is claimed ahead of them, and the run's claim takes only its own.
 */
import { DELIVER_TASK } from '@plugins/publishing/defaults'
import { DELIVERY_QUEUE, poolOf } from '@plugins/publishing/exports/server'
import { claimDueBulkDeliveries, claimDueDeliveries } from '@plugins/publishing/queue'
import { JOBS_TABLE } from '@plugins/publishing/queue/jobLease'

import { startWorld, type TestApp } from '../helpers/app'

let app: TestApp

/** Queues delivery jobs with these inputs, oldest first (records need not exist: nothing runs them). */
const queue = async (inputs: Record<string, number>[]) => {
  const pool = poolOf(app.payload)
  for (const [index, input] of inputs.entries())
    await pool.query(
      `insert into ${JOBS_TABLE} (input, task_slug, queue, created_at, updated_at)
       values ($1::jsonb, $2, $3, now() - make_interval(secs => $4), now())`,
      [JSON.stringify(input), DELIVER_TASK, DELIVERY_QUEUE, 1000 - index],
    )
}

const claim = async (which: typeof claimDueDeliveries, limit: number) => {
  const client = await poolOf(app.payload).connect()
  try {
    return (await which(client, limit)).map((job) => job.input)
  } finally {
    client.release()
  }
}

beforeAll(async () => {
  ;({ app } = await startWorld())
})
afterAll(async () => {
  await poolOf(app.payload).query(`delete from ${JOBS_TABLE} where task_slug = $1`, [DELIVER_TASK])
  await app.close()
})

describe('the bulk delivery lane', () => {
  it("claims a save's delivery ahead of an older backlog of a run's, and the run's apart", async () => {
    await queue([
      ...Array.from({ length: 5 }, (_, i) => ({ record: 9000 + i, revision: 1, bulk: 7 })),
      { record: 9100, revision: 1 },
    ])
    expect(await claim(claimDueDeliveries, 1)).toEqual([{ record: 9100, revision: 1 }])
    expect(await claim(claimDueDeliveries, 10)).toEqual([])
    const bulk = await claim(claimDueBulkDeliveries, 10)
    expect(bulk.map((input) => input.record).sort()).toEqual([9000, 9001, 9002, 9003, 9004])
    expect(bulk.every((input) => input.bulk === 7)).toBe(true)
  })
})
