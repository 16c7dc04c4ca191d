import type { Payload } from 'payload'
import type pg from 'pg'

/** The table @payloadcms/db-postgres keeps Payload's `payload-jobs` collection in. */
export const JOBS_TABLE = 'payload_jobs'

/** The shortest time between two renewals, whatever the lease: a row update is not free. */
const MIN_RENEW_MS = 50

/**
 * A claimed job's lease, kept alive while this process runs the job.
 *
 * A claim sets the row's `updated_at`, and `reclaimExpiredLeases` hands the job to another runner
 * once `updated_at` is older than the lease. So the holder bumps `updated_at` about three times
 * per lease, and uses the value it last wrote as its proof of ownership: a renewal or a settle
 * statement only touches the row while `updated_at` is still that value. A runner that stalled
 * past its lease (the job was reclaimed and claimed again) finds a newer value and keeps its hands
 * off the new owner's job. The column has millisecond precision and renewals are further apart,
 * so two owners never hold the same value.
 */
export type JobLease = {
  /**
   * Stops renewing and runs `sql` (the job id is `$1`, the lease token `$2`, `params` follow)
   * only while the job is still ours. Resolves to whether it was.
   */
  settle: (sql: string, params?: unknown[]) => Promise<boolean>
}

export const holdLease = (
  payload: Payload,
  pool: pg.Pool,
  job: { id: number | string; updated_at: Date },
  leaseMs: number,
): JobLease => {
  let token = job.updated_at
  let lost = false
  let renewing: Promise<void> = Promise.resolve()

  const renew = async (): Promise<void> => {
    if (lost) return
    const { rows } = await pool.query<{ updated_at: Date }>(
      `update ${JOBS_TABLE} set updated_at = now()
        where id = $1 and processing and updated_at = $2
        returning updated_at`,
      [job.id, token],
    )
    if (rows[0]) {
      token = rows[0].updated_at
      return
    }
    lost = true
    clearInterval(timer)
    payload.logger.warn({
      msg: 'delivery job lost its lease: another runner may run it again',
      job: job.id,
    })
  }

  // A renewal that fails (the database is unreachable for a moment) is tried again next time;
  // the lease is only lost when the row says someone else owns the job.
  const timer = setInterval(
    () => {
      renewing = renewing.then(renew).catch((error: unknown) =>
        payload.logger.warn({
          msg: 'delivery job lease renewal failed',
          job: job.id,
          error: String(error),
        }),
      )
    },
    Math.max(MIN_RENEW_MS, Math.floor(leaseMs / 3)),
  )
  // A job in flight must not keep a process alive that is otherwise done.
  timer.unref()

  const stop = async (): Promise<void> => {
    clearInterval(timer)
    await renewing
  }

  const settle: JobLease['settle'] = async (sql, params = []) => {
    await stop()
    if (lost) return false
    const { rowCount } = await pool.query(sql, [job.id, token, ...params])
    return (rowCount ?? 0) > 0
  }

  return { settle }
}
