import type { Payload } from 'payload'

import { runDeliveries } from './runDeliveries'
import { scheduleTicks } from './scheduleTicks'

/**
 * Runs deliveries every second in this process. Any number of processes may do this: the advisory
 * lock in `runDeliveries` lets one plan at a time. Returns a function that stops the schedule.
 */
export const startRunner = (payload: Payload): (() => Promise<void>) =>
  scheduleTicks(payload, '* * * * * *', 'syndicate-delivery-runner', () => runDeliveries(payload))
