/**
 * The queue: every direct use of Payload's `payload_jobs` table is in this folder.
 *
 * Why two lifecycles. Payload's job runner (`payload.jobs.run`) reads candidate jobs and then
 * updates them one by one, with no row lock: two runners (two app instances, or the app and
 * `npm run worker`) would both claim a job and run it twice. So:
 *
 * - Syncs go through Payload's runner (`jobs.run`), but only while holding the sync scheduler's
 *   PostgreSQL advisory lock (`advisoryLock.ts`; a long sync never holds up deliveries). Whoever
 *   holds it is the only runner of that queue, so each sync runs once; a killed process releases
 *   the lock with its connection.
 * - Fan-outs and deliveries bypass Payload's runner, so that every process shares them (behind
 *   one lock, one process did all the fan-outs and a second worker added nothing). They are
 *   claimed with our own SQL (`claimDueJobs`: `update … where id in (select … for update skip
 *   locked) returning`), kept by a lease while they run (`jobLease.ts`), and settled by SQL: a
 *   finished job is deleted, one that threw unexpectedly is released to run later. One statement
 *   each, where Payload's runner spends about ten. Jobs a dead runner left `processing` are put
 *   back once their lease expires. Two fan-outs of one document never overlap: the runner holds
 *   the document's advisory lock around each (`fanOutLockKey`). Delivery jobs are inserted in
 *   bulk, in the transaction that wrote their records' intents.
 * - Steps of "publish everything" (`backfillJobs.ts`) live in the delivery queue too and are
 *   claimed, leased and settled by the same statements: a step queues a chunk of ordinary
 *   deliveries, then its successor, in one transaction.
 * - Payload's scheduled publishes (`schedulePublish`) go through Payload's runner, only while
 *   holding the delivery runner's advisory lock, so each runs once at its time.
 *
 * The jobs' inputs (`types.ts`) are the queue's contract with the stages that run them.
 */
export { poolOf, withAdvisoryLock, withAdvisoryLockWait } from './advisoryLock'
export * from './backfillJobs'
export * from './deliveryJobs'
export * from './fanOutJobs'
export { holdLease, JOBS_TABLE, type JobLease } from './jobLease'
export * from './schedulePublishJobs'
export * from './siteJobs'
export * from './syncJobs'
export * from './types'
