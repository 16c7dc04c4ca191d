import type { Config } from 'payload'

const closed = (): boolean => false

/**
 * Payload's own job endpoints (`/api/payload-jobs/run`, `handle-schedules`) and the Local API's
 * access-checked queue/cancel are closed to every user: deliveries run only through our runner,
 * which claims jobs with row locks and leases. Payload's runner taken from a request would run
 * them outside that claim. The runner and hooks call the Local API, which overrides access.
 */
export const jobsAccess: NonNullable<NonNullable<Config['jobs']>['access']> = {
  run: closed,
  queue: closed,
  cancel: closed,
}
