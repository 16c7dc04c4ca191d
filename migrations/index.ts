import * as migration_20261125_183958_initial from './20261125_183958_initial';

export const migrations = [
  {
    up: migration_20261125_183958_initial.up,
    down: migration_20261125_183958_initial.down,
    name: '20261125_183958_initial'
  },
];
