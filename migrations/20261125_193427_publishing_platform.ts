import { sql, type MigrateDownArgs, type MigrateUpArgs } from '@payloadcms/db-postgres'

export async function up({ db, payload, req }: MigrateUpArgs): Promise<void> {
  await db.execute(sql`
   CREATE TYPE "public"."enum_integrations_platform_type" AS ENUM('cms', 'ecommerce', 'hosted', 'custom_api');
  CREATE TYPE "public"."enum_integrations_sync_direction" AS ENUM('push', 'pull', 'both');
  CREATE TYPE "public"."enum_integrations_sync_status" AS ENUM('idle', 'pending', 'running', 'success', 'failed');
  CREATE TYPE "public"."enum_publishing_records_status" AS ENUM('queued', 'publishing', 'published', 'failed', 'unpublished', 'conflict');
  CREATE TYPE "public"."enum_publishing_records_document_collection" AS ENUM('pages', 'posts');
  CREATE TYPE "public"."enum_publishing_records_pending_action" AS ENUM('publish', 'unpublish', 'delete');
  CREATE TYPE "public"."enum_publishing_records_pending_remote_status" AS ENUM('publish', 'draft');
  CREATE TYPE "public"."enum_publishing_rules_collections" AS ENUM('pages', 'posts');
  CREATE TYPE "public"."enum_publishing_rules_templates" AS ENUM('default', 'landing', 'full-width', 'sidebar', 'contact');
  CREATE TYPE "public"."enum_publishing_rules_trigger" AS ENUM('onPublish', 'manual');
  CREATE TYPE "public"."enum_publishing_rules_remote_status" AS ENUM('publish', 'draft');
  CREATE TYPE "public"."enum_publishing_rules_unpublish_action" AS ENUM('unpublish', 'delete', 'keep');
  CREATE TYPE "public"."enum_payload_jobs_log_task_slug" AS ENUM('inline', 'publishing-fanout', 'publishing-deliver');
  CREATE TYPE "public"."enum_payload_jobs_log_state" AS ENUM('failed', 'succeeded');
  CREATE TYPE "public"."enum_payload_jobs_task_slug" AS ENUM('inline', 'publishing-fanout', 'publishing-deliver');
  CREATE TABLE "integrations" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"site_id" integer NOT NULL,
  	"name" varchar NOT NULL,
  	"platform" varchar NOT NULL,
  	"platform_type" "enum_integrations_platform_type",
  	"config" jsonb,
  	"credentials_sealed" varchar,
  	"has_credentials" boolean DEFAULT false,
  	"is_active" boolean DEFAULT true,
  	"sync_enabled" boolean DEFAULT false,
  	"sync_direction" "enum_integrations_sync_direction" DEFAULT 'push',
  	"sync_interval_minutes" numeric DEFAULT 15,
  	"last_sync_at" timestamp(3) with time zone,
  	"sync_status" "enum_integrations_sync_status" DEFAULT 'idle',
  	"last_error" varchar,
  	"last_sync_stats" jsonb,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "publishing_records" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"site_id" integer NOT NULL,
  	"integration_id" integer NOT NULL,
  	"status" "enum_publishing_records_status" DEFAULT 'queued' NOT NULL,
  	"remote_id" varchar,
  	"remote_url" varchar,
  	"remote_modified_at" timestamp(3) with time zone,
  	"content_hash" varchar,
  	"attempts" numeric DEFAULT 0,
  	"last_error" varchar,
  	"last_attempt_at" timestamp(3) with time zone,
  	"next_attempt_at" timestamp(3) with time zone,
  	"published_at" timestamp(3) with time zone,
  	"history" jsonb,
  	"document_collection" "enum_publishing_records_document_collection" NOT NULL,
  	"document_id" numeric NOT NULL,
  	"document_title" varchar,
  	"document_slug" varchar,
  	"record_key" varchar NOT NULL,
  	"pending_revision" numeric DEFAULT 0,
  	"pending_action" "enum_publishing_records_pending_action",
  	"pending_remote_status" "enum_publishing_records_pending_remote_status",
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "publishing_records_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"pages_id" integer,
  	"posts_id" integer
  );
  
  CREATE TABLE "publishing_rules_collections" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_publishing_rules_collections",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "publishing_rules_templates" (
  	"order" integer NOT NULL,
  	"parent_id" integer NOT NULL,
  	"value" "enum_publishing_rules_templates",
  	"id" serial PRIMARY KEY NOT NULL
  );
  
  CREATE TABLE "publishing_rules" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"site_id" integer NOT NULL,
  	"name" varchar NOT NULL,
  	"enabled" boolean DEFAULT true,
  	"trigger" "enum_publishing_rules_trigger" DEFAULT 'onPublish',
  	"remote_status" "enum_publishing_rules_remote_status" DEFAULT 'publish',
  	"unpublish_action" "enum_publishing_rules_unpublish_action" DEFAULT 'unpublish',
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  CREATE TABLE "publishing_rules_rels" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"order" integer,
  	"parent_id" integer NOT NULL,
  	"path" varchar NOT NULL,
  	"categories_id" integer,
  	"tags_id" integer,
  	"integrations_id" integer
  );
  
  CREATE TABLE "payload_jobs_log" (
  	"_order" integer NOT NULL,
  	"_parent_id" integer NOT NULL,
  	"id" varchar PRIMARY KEY NOT NULL,
  	"executed_at" timestamp(3) with time zone NOT NULL,
  	"completed_at" timestamp(3) with time zone NOT NULL,
  	"task_slug" "enum_payload_jobs_log_task_slug" NOT NULL,
  	"task_i_d" varchar NOT NULL,
  	"input" jsonb,
  	"output" jsonb,
  	"state" "enum_payload_jobs_log_state" NOT NULL,
  	"error" jsonb
  );
  
  CREATE TABLE "payload_jobs" (
  	"id" serial PRIMARY KEY NOT NULL,
  	"input" jsonb,
  	"completed_at" timestamp(3) with time zone,
  	"total_tried" numeric DEFAULT 0,
  	"has_error" boolean DEFAULT false,
  	"error" jsonb,
  	"task_slug" "enum_payload_jobs_task_slug",
  	"queue" varchar DEFAULT 'default',
  	"wait_until" timestamp(3) with time zone,
  	"processing" boolean DEFAULT false,
  	"updated_at" timestamp(3) with time zone DEFAULT now() NOT NULL,
  	"created_at" timestamp(3) with time zone DEFAULT now() NOT NULL
  );
  
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "integrations_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "publishing_records_id" integer;
  ALTER TABLE "payload_locked_documents_rels" ADD COLUMN "publishing_rules_id" integer;
  ALTER TABLE "integrations" ADD CONSTRAINT "integrations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "publishing_records" ADD CONSTRAINT "publishing_records_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "publishing_records" ADD CONSTRAINT "publishing_records_integration_id_integrations_id_fk" FOREIGN KEY ("integration_id") REFERENCES "public"."integrations"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "publishing_records_rels" ADD CONSTRAINT "publishing_records_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."publishing_records"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_records_rels" ADD CONSTRAINT "publishing_records_rels_pages_fk" FOREIGN KEY ("pages_id") REFERENCES "public"."pages"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_records_rels" ADD CONSTRAINT "publishing_records_rels_posts_fk" FOREIGN KEY ("posts_id") REFERENCES "public"."posts"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_rules_collections" ADD CONSTRAINT "publishing_rules_collections_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."publishing_rules"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_rules_templates" ADD CONSTRAINT "publishing_rules_templates_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."publishing_rules"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_rules" ADD CONSTRAINT "publishing_rules_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;
  ALTER TABLE "publishing_rules_rels" ADD CONSTRAINT "publishing_rules_rels_parent_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."publishing_rules"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_rules_rels" ADD CONSTRAINT "publishing_rules_rels_categories_fk" FOREIGN KEY ("categories_id") REFERENCES "public"."categories"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_rules_rels" ADD CONSTRAINT "publishing_rules_rels_tags_fk" FOREIGN KEY ("tags_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "publishing_rules_rels" ADD CONSTRAINT "publishing_rules_rels_integrations_fk" FOREIGN KEY ("integrations_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_jobs_log" ADD CONSTRAINT "payload_jobs_log_parent_id_fk" FOREIGN KEY ("_parent_id") REFERENCES "public"."payload_jobs"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "integrations_site_idx" ON "integrations" USING btree ("site_id");
  CREATE INDEX "integrations_platform_idx" ON "integrations" USING btree ("platform");
  CREATE INDEX "integrations_updated_at_idx" ON "integrations" USING btree ("updated_at");
  CREATE INDEX "integrations_created_at_idx" ON "integrations" USING btree ("created_at");
  CREATE INDEX "publishing_records_site_idx" ON "publishing_records" USING btree ("site_id");
  CREATE INDEX "publishing_records_integration_idx" ON "publishing_records" USING btree ("integration_id");
  CREATE INDEX "publishing_records_status_idx" ON "publishing_records" USING btree ("status");
  CREATE INDEX "publishing_records_document_id_idx" ON "publishing_records" USING btree ("document_id");
  CREATE UNIQUE INDEX "publishing_records_record_key_idx" ON "publishing_records" USING btree ("record_key");
  CREATE INDEX "publishing_records_updated_at_idx" ON "publishing_records" USING btree ("updated_at");
  CREATE INDEX "publishing_records_created_at_idx" ON "publishing_records" USING btree ("created_at");
  CREATE INDEX "publishing_records_rels_order_idx" ON "publishing_records_rels" USING btree ("order");
  CREATE INDEX "publishing_records_rels_parent_idx" ON "publishing_records_rels" USING btree ("parent_id");
  CREATE INDEX "publishing_records_rels_path_idx" ON "publishing_records_rels" USING btree ("path");
  CREATE INDEX "publishing_records_rels_pages_id_idx" ON "publishing_records_rels" USING btree ("pages_id");
  CREATE INDEX "publishing_records_rels_posts_id_idx" ON "publishing_records_rels" USING btree ("posts_id");
  CREATE INDEX "publishing_rules_collections_order_idx" ON "publishing_rules_collections" USING btree ("order");
  CREATE INDEX "publishing_rules_collections_parent_idx" ON "publishing_rules_collections" USING btree ("parent_id");
  CREATE INDEX "publishing_rules_templates_order_idx" ON "publishing_rules_templates" USING btree ("order");
  CREATE INDEX "publishing_rules_templates_parent_idx" ON "publishing_rules_templates" USING btree ("parent_id");
  CREATE INDEX "publishing_rules_site_idx" ON "publishing_rules" USING btree ("site_id");
  CREATE INDEX "publishing_rules_updated_at_idx" ON "publishing_rules" USING btree ("updated_at");
  CREATE INDEX "publishing_rules_created_at_idx" ON "publishing_rules" USING btree ("created_at");
  CREATE INDEX "publishing_rules_rels_order_idx" ON "publishing_rules_rels" USING btree ("order");
  CREATE INDEX "publishing_rules_rels_parent_idx" ON "publishing_rules_rels" USING btree ("parent_id");
  CREATE INDEX "publishing_rules_rels_path_idx" ON "publishing_rules_rels" USING btree ("path");
  CREATE INDEX "publishing_rules_rels_categories_id_idx" ON "publishing_rules_rels" USING btree ("categories_id");
  CREATE INDEX "publishing_rules_rels_tags_id_idx" ON "publishing_rules_rels" USING btree ("tags_id");
  CREATE INDEX "publishing_rules_rels_integrations_id_idx" ON "publishing_rules_rels" USING btree ("integrations_id");
  CREATE INDEX "payload_jobs_log_order_idx" ON "payload_jobs_log" USING btree ("_order");
  CREATE INDEX "payload_jobs_log_parent_id_idx" ON "payload_jobs_log" USING btree ("_parent_id");
  CREATE INDEX "payload_jobs_completed_at_idx" ON "payload_jobs" USING btree ("completed_at");
  CREATE INDEX "payload_jobs_total_tried_idx" ON "payload_jobs" USING btree ("total_tried");
  CREATE INDEX "payload_jobs_has_error_idx" ON "payload_jobs" USING btree ("has_error");
  CREATE INDEX "payload_jobs_task_slug_idx" ON "payload_jobs" USING btree ("task_slug");
  CREATE INDEX "payload_jobs_queue_idx" ON "payload_jobs" USING btree ("queue");
  CREATE INDEX "payload_jobs_wait_until_idx" ON "payload_jobs" USING btree ("wait_until");
  CREATE INDEX "payload_jobs_processing_idx" ON "payload_jobs" USING btree ("processing");
  CREATE INDEX "payload_jobs_updated_at_idx" ON "payload_jobs" USING btree ("updated_at");
  CREATE INDEX "payload_jobs_created_at_idx" ON "payload_jobs" USING btree ("created_at");
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_integrations_fk" FOREIGN KEY ("integrations_id") REFERENCES "public"."integrations"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_publishing_records_fk" FOREIGN KEY ("publishing_records_id") REFERENCES "public"."publishing_records"("id") ON DELETE cascade ON UPDATE no action;
  ALTER TABLE "payload_locked_documents_rels" ADD CONSTRAINT "payload_locked_documents_rels_publishing_rules_fk" FOREIGN KEY ("publishing_rules_id") REFERENCES "public"."publishing_rules"("id") ON DELETE cascade ON UPDATE no action;
  CREATE INDEX "payload_locked_documents_rels_integrations_id_idx" ON "payload_locked_documents_rels" USING btree ("integrations_id");
  CREATE INDEX "payload_locked_documents_rels_publishing_records_id_idx" ON "payload_locked_documents_rels" USING btree ("publishing_records_id");
  CREATE INDEX "payload_locked_documents_rels_publishing_rules_id_idx" ON "payload_locked_documents_rels" USING btree ("publishing_rules_id");`)
}

export async function down({ db, payload, req }: MigrateDownArgs): Promise<void> {
  await db.execute(sql`
   ALTER TABLE "integrations" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "publishing_records" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "publishing_records_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "publishing_rules_collections" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "publishing_rules_templates" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "publishing_rules" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "publishing_rules_rels" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs_log" DISABLE ROW LEVEL SECURITY;
  ALTER TABLE "payload_jobs" DISABLE ROW LEVEL SECURITY;
  DROP TABLE "integrations" CASCADE;
  DROP TABLE "publishing_records" CASCADE;
  DROP TABLE "publishing_records_rels" CASCADE;
  DROP TABLE "publishing_rules_collections" CASCADE;
  DROP TABLE "publishing_rules_templates" CASCADE;
  DROP TABLE "publishing_rules" CASCADE;
  DROP TABLE "publishing_rules_rels" CASCADE;
  DROP TABLE "payload_jobs_log" CASCADE;
  DROP TABLE "payload_jobs" CASCADE;
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_integrations_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_publishing_records_fk";
  
  ALTER TABLE "payload_locked_documents_rels" DROP CONSTRAINT "payload_locked_documents_rels_publishing_rules_fk";
  
  DROP INDEX "payload_locked_documents_rels_integrations_id_idx";
  DROP INDEX "payload_locked_documents_rels_publishing_records_id_idx";
  DROP INDEX "payload_locked_documents_rels_publishing_rules_id_idx";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "integrations_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "publishing_records_id";
  ALTER TABLE "payload_locked_documents_rels" DROP COLUMN "publishing_rules_id";
  DROP TYPE "public"."enum_integrations_platform_type";
  DROP TYPE "public"."enum_integrations_sync_direction";
  DROP TYPE "public"."enum_integrations_sync_status";
  DROP TYPE "public"."enum_publishing_records_status";
  DROP TYPE "public"."enum_publishing_records_document_collection";
  DROP TYPE "public"."enum_publishing_records_pending_action";
  DROP TYPE "public"."enum_publishing_records_pending_remote_status";
  DROP TYPE "public"."enum_publishing_rules_collections";
  DROP TYPE "public"."enum_publishing_rules_templates";
  DROP TYPE "public"."enum_publishing_rules_trigger";
  DROP TYPE "public"."enum_publishing_rules_remote_status";
  DROP TYPE "public"."enum_publishing_rules_unpublish_action";
  DROP TYPE "public"."enum_payload_jobs_log_task_slug";
  DROP TYPE "public"."enum_payload_jobs_log_state";
  DROP TYPE "public"."enum_payload_jobs_task_slug";`)
}
