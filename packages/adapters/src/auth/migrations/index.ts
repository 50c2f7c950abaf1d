import { MigrationP0002Auth } from './MigrationP0002Auth.js';

/**
 * The auth migrations of the PLATFORM database, in order: `migrate(orm, AUTH_MIGRATIONS)` after the
 * tenancy list (P0001). Append new ones; never edit or reorder a released one.
 */
export const AUTH_MIGRATIONS = [{ name: 'MigrationP0002Auth', class: MigrationP0002Auth }] as const;
