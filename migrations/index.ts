import * as migration_20261125_183958_initial from './20261125_183958_initial'
import * as migration_20261125_193427_publishing_platform from './20261125_193427_publishing_platform'
import * as migration_20261125_213402_admin_experience from './20261125_213402_admin_experience'
import * as migration_20261125_221422_two_way_sync from './20261125_221422_two_way_sync'
import * as migration_20261130_134500_delete_integrity from './20261130_134500_delete_integrity'
import * as migration_20261130_170000_shopify_rate_limits from './20261130_170000_shopify_rate_limits'
import * as migration_20261130_200408_bulk_publish from './20261130_200408_bulk_publish'
import * as migration_20261130_205932_scheduled_publish from './20261130_205932_scheduled_publish'
import * as migration_20261130_210238_media_storage from './20261130_210238_media_storage'
import * as migration_20261130_211240_site_step from './20261130_211240_site_step'

export const migrations = [
  {
    up: migration_20261125_183958_initial.up,
    down: migration_20261125_183958_initial.down,
    name: '20261125_183958_initial',
  },
  {
    up: migration_20261125_193427_publishing_platform.up,
    down: migration_20261125_193427_publishing_platform.down,
    name: '20261125_193427_publishing_platform',
  },
  {
    up: migration_20261125_213402_admin_experience.up,
    down: migration_20261125_213402_admin_experience.down,
    name: '20261125_213402_admin_experience',
  },
  {
    up: migration_20261125_221422_two_way_sync.up,
    down: migration_20261125_221422_two_way_sync.down,
    name: '20261125_221422_two_way_sync',
  },
  {
    up: migration_20261130_134500_delete_integrity.up,
    down: migration_20261130_134500_delete_integrity.down,
    name: '20261130_134500_delete_integrity',
  },
  {
    up: migration_20261130_170000_shopify_rate_limits.up,
    down: migration_20261130_170000_shopify_rate_limits.down,
    name: '20261130_170000_shopify_rate_limits',
  },
  {
    up: migration_20261130_200408_bulk_publish.up,
    down: migration_20261130_200408_bulk_publish.down,
    name: '20261130_200408_bulk_publish',
  },
  {
    up: migration_20261130_205932_scheduled_publish.up,
    down: migration_20261130_205932_scheduled_publish.down,
    name: '20261130_205932_scheduled_publish',
  },
  {
    up: migration_20261130_210238_media_storage.up,
    down: migration_20261130_210238_media_storage.down,
    name: '20261130_210238_media_storage',
  },
  {
    up: migration_20261130_211240_site_step.up,
    down: migration_20261130_211240_site_step.down,
    name: '20261130_211240_site_step',
  },
]
