import type { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MIGRATIONS } from './migrations/index.js';

/** Name of the table that records applied migrations. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** A committed migration list (the business schema's MIGRATIONS, or the platform database's). */
export type MigrationList = readonly {
  readonly name: string;
  readonly class: new (...args: never[]) => unknown;
}[];

/** Builds a Migrator over the committed migration list (no file-system discovery). */
function migratorFor(orm: MikroORM, list: MigrationList): Migrator {
  orm.config.set('migrations', {
    ...orm.config.get('migrations'),
    tableName: MIGRATIONS_TABLE,
    migrationsList: [...list] as never,
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
  });
  // openOrm returns the driver-agnostic MikroORM type; both drivers it opens are SQL drivers.
  return new Migrator(orm.em as unknown as ConstructorParameters<typeof Migrator>[0]);
}

/**
 * Applies every pending migration of `list` (default: the business schema of a tenant database) on
 * MariaDB or SQLite; returns the names applied by this call.
 */
export async function migrate(orm: MikroORM, list: MigrationList = MIGRATIONS): Promise<string[]> {
  const applied = await migratorFor(orm, list).up();
  return applied.map((m) => m.name);
}

/** Names of migrations already applied to the database, in order. */
export async function appliedMigrations(orm: MikroORM, list: MigrationList = MIGRATIONS): Promise<string[]> {
  const rows = await migratorFor(orm, list).getExecutedMigrations();
  return rows.map((row) => row.name);
}
