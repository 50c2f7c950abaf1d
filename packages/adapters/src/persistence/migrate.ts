import type { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MIGRATIONS } from './migrations/index.js';

/** Name of the table that records applied migrations. */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';

/** Builds a Migrator over the committed migration list (no file-system discovery). */
function migratorFor(orm: MikroORM): Migrator {
  orm.config.set('migrations', {
    ...orm.config.get('migrations'),
    tableName: MIGRATIONS_TABLE,
    migrationsList: [...MIGRATIONS],
    transactional: true,
    allOrNothing: true,
    snapshot: false,
    silent: true,
  });
  // openOrm returns the driver-agnostic MikroORM type; both drivers it opens are SQL drivers.
  return new Migrator(orm.em as unknown as ConstructorParameters<typeof Migrator>[0]);
}

/** Applies every pending migration (MariaDB or SQLite); returns the names applied by this call. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const applied = await migratorFor(orm).up();
  return applied.map((m) => m.name);
}

/** Names of migrations already applied to the database, in order. */
export async function appliedMigrations(orm: MikroORM): Promise<string[]> {
  const rows = await migratorFor(orm).getExecutedMigrations();
  return rows.map((row) => row.name);
}
