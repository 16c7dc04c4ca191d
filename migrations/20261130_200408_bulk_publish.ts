import { sql, type MigrateDownArgs, type MigrateUpArgs } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_integrations_bulk_status" AS ENUM('idle', 'running', 'cancelling', 'cancelled', 'done', 'failed');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'publishing-backfill';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'publishing-backfill';
  ALTER TABLE "integrations" ADD COLUMN "bulk_status" "enum_integrations_bulk_status" DEFAULT 'idle';
  ALTER TABLE "integrations" ADD COLUMN "bulk_total" numeric DEFAULT 0;
  ALTER TABLE "integrations" ADD COLUMN "bulk_done" numeric DEFAULT 0;
  ALTER TABLE "integrations" ADD COLUMN "bulk_failed" numeric DEFAULT 0;
  ALTER TABLE "integrations" ADD COLUMN "bulk_started_at" timestamp(3) with time zone;
  ALTER TABLE "integrations" ADD COLUMN "bulk_finished_at" timestamp(3) with time zone;
  ALTER TABLE "integrations" ADD COLUMN "bulk_run" numeric DEFAULT 0;
  ALTER TABLE "publishing_records" ADD COLUMN "bulk_run" numeric;
  CREATE INDEX "publishing_records_bulk_run_idx" ON "publishing_records" USING btree ("bulk_run");`)
  // Written by hand: the bulk group is the platform's (integrations/bulkProgress.ts). Payload
  // writes a whole document on every update, from a read made moments before, so a save of the
  // integration (the admin's form, sync's status) while a run goes on would put back stale
  // progress, or the previous run's number. Only statements that say so may change it.
  await db.execute(sql`
  CREATE FUNCTION "integrations_keep_bulk"() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF coalesce(current_setting('syndicate.bulk_write', true), '') <> 'on' THEN
      NEW.bulk_status := OLD.bulk_status;
      NEW.bulk_total := OLD.bulk_total;
      NEW.bulk_done := OLD.bulk_done;
      NEW.bulk_failed := OLD.bulk_failed;
      NEW.bulk_started_at := OLD.bulk_started_at;
      NEW.bulk_finished_at := OLD.bulk_finished_at;
      NEW.bulk_run := OLD.bulk_run;
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER "integrations_keep_bulk" BEFORE UPDATE ON "integrations"
    FOR EACH ROW EXECUTE FUNCTION "integrations_keep_bulk"();`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
  DROP TRIGGER "integrations_keep_bulk" ON "integrations";
  DROP FUNCTION "integrations_keep_bulk"();`)
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'publishing-fanout', 'publishing-deliver', 'publishing-sync');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'publishing-fanout', 'publishing-deliver', 'publishing-sync');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "publishing_records_bulk_run_idx";
  ALTER TABLE "integrations" DROP COLUMN "bulk_status";
  ALTER TABLE "integrations" DROP COLUMN "bulk_total";
  ALTER TABLE "integrations" DROP COLUMN "bulk_done";
  ALTER TABLE "integrations" DROP COLUMN "bulk_failed";
  ALTER TABLE "integrations" DROP COLUMN "bulk_started_at";
  ALTER TABLE "integrations" DROP COLUMN "bulk_finished_at";
  ALTER TABLE "integrations" DROP COLUMN "bulk_run";
  ALTER TABLE "publishing_records" DROP COLUMN "bulk_run";
  DROP TYPE "public"."enum_integrations_bulk_status";`)
}
