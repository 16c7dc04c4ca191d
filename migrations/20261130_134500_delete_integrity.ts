import { sql, type MigrateDownArgs, type MigrateUpArgs } from '@payloadcms/db-postgres'

/**
 * Written by hand: Payload gives every relationship `ON DELETE SET NULL` (Payload issue #11177),
 * which on a required column turns deleting the parent into a not-null violation (a 500), and on
 * an optional one (draft pages and posts) leaves orphans that belong to no site.
 *
 * - What a site owns refuses its deletion (RESTRICT): the Sites collection answers first with a
 *   409 naming what still belongs to the site; the database is the backstop.
 * - A destination's records go with it (CASCADE): a record describes a copy at that destination
 *   and means nothing without it. The remote copies themselves stay where they are.
 *
 * The snapshot (.json) is not changed: Payload cannot express these rules in the config, so the
 * drift check (`migrate:create --skip-empty`) still compares the config with the last generated one.
 */
type OnDelete = 'restrict' | 'cascade' | 'set null'

/** Re-creates Payload's constraint `<table>_<column without _id>_<target>_id_fk` with another ON DELETE. */
const foreignKey = (table: string, column: string, target: string, onDelete: OnDelete): string => {
  const name = `${table}_${column}_${target}_id_fk`
  return `
  ALTER TABLE "${table}" DROP CONSTRAINT "${name}";
  ALTER TABLE "${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "public"."${target}"("id") ON DELETE ${onDelete} ON UPDATE no action;`
}

const SITE_OWNED = [
  'pages',
  'posts',
  'media',
  'categories',
  'tags',
  'integrations',
  'publishing_rules',
  'publishing_records',
]

const statements = (siteOwned: OnDelete, records: OnDelete): string =>
  [
    ...SITE_OWNED.map((table) => foreignKey(table, 'site_id', 'sites', siteOwned)),
    foreignKey('publishing_records', 'integration_id', 'integrations', records),
  ].join('\n')

export async function up({ db }: MigrateUpArgs): Promise<void> {
  await db.execute(sql.raw(statements('restrict', 'cascade')))
}

export async function down({ db }: MigrateDownArgs): Promise<void> {
  await db.execute(sql.raw(statements('set null', 'set null')))
}
