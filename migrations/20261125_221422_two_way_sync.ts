import { sql, type MigrateDownArgs, type MigrateUpArgs } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_integrations_conflict_policy" AS ENUM('manual', 'prefer-local', 'prefer-remote');
  CREATE TYPE "public"."enum_publishing_records_remote_state" AS ENUM('present', 'trashed', 'deleted');
  ALTER TYPE "public"."enum_payload_jobs_log_task_slug" ADD VALUE 'publishing-sync';
  ALTER TYPE "public"."enum_payload_jobs_task_slug" ADD VALUE 'publishing-sync';
  ALTER TABLE "integrations" ALTER COLUMN "sync_direction" SET DEFAULT 'both';
  ALTER TABLE "integrations" ADD COLUMN "import_remote_content" boolean DEFAULT true;
  ALTER TABLE "integrations" ADD COLUMN "conflict_policy" "enum_integrations_conflict_policy" DEFAULT 'manual';
  ALTER TABLE "integrations" ADD COLUMN "sync_cursor" jsonb;
  ALTER TABLE "publishing_records" ADD COLUMN "remote_hash" varchar;
  ALTER TABLE "publishing_records" ADD COLUMN "remote_state" "enum_publishing_records_remote_state";
  ALTER TABLE "publishing_records" ADD COLUMN "remote_version" jsonb;
  CREATE INDEX "publishing_records_remote_id_idx" ON "publishing_records" USING btree ("remote_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'publishing-fanout', 'publishing-deliver');
  ALTER TABLE "payload_jobs_log" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_log_task_slug" USING "task_slug"::"public"."enum_payload_jobs_log_task_slug";
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE text;
  DROP TYPE "public"."enum_payload_jobs_task_slug";
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'publishing-fanout', 'publishing-deliver');
  ALTER TABLE "payload_jobs" ALTER COLUMN "task_slug" SET DATA TYPE "public"."enum_payload_jobs_task_slug" USING "task_slug"::"public"."enum_payload_jobs_task_slug";
  DROP INDEX "publishing_records_remote_id_idx";
  ALTER TABLE "integrations" ALTER COLUMN "sync_direction" SET DEFAULT 'push';
  ALTER TABLE "integrations" DROP COLUMN "import_remote_content";
  ALTER TABLE "integrations" DROP COLUMN "conflict_policy";
  ALTER TABLE "integrations" DROP COLUMN "sync_cursor";
  ALTER TABLE "publishing_records" DROP COLUMN "remote_hash";
  ALTER TABLE "publishing_records" DROP COLUMN "remote_state";
  ALTER TABLE "publishing_records" DROP COLUMN "remote_version";
  DROP TYPE "public"."enum_integrations_conflict_policy";
  DROP TYPE "public"."enum_publishing_records_remote_state";`)
}
