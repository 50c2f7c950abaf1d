import { MigrationP0001Tenancy } from './MigrationP0001Tenancy.js';

/**
 * The tenancy migrations of the PLATFORM database, in order: `migrate(platformOrm, TENANCY_MIGRATIONS)`.
 * Names start with `MigrationP` so they never collide with a tenant database's list in the shared
 * `mikro_orm_migrations` table. Append new ones; never edit or reorder a released one.
 */
export const TENANCY_MIGRATIONS = [{ name: 'MigrationP0001Tenancy', class: MigrationP0001Tenancy }] as const;
