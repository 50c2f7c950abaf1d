// The platform database's tenancy migrations on the real MariaDB and on embedded SQLite: every
// mapped column exists, a second run applies nothing, and another migration list can share the
// platform database's migrations table (auth adds its own list there).
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { appliedMigrations, migrate } from '../../src/persistence/migrate.js';
import { MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { openOrm } from '../../src/persistence/orm.js';
import { openThrowawayDatabase, type ThrowawayDatabase } from '../../src/persistence/test-database.js';
import { TENANCY_ENTITIES } from '../../src/tenancy/entities.js';
import { TENANCY_MIGRATIONS } from '../../src/tenancy/migrations/index.js';

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('tenancy migrations of the platform database on %s', (_name, server) => {
  // A throw-away database (it carries the business schema too: proof that two lists coexist).
  let db: ThrowawayDatabase;
  let orm: MikroORM;
  beforeAll(async () => {
    db = await openThrowawayDatabase(server(), 'cf_tnmigr');
    orm = await openOrm({ url: db.url, entities: TENANCY_ENTITIES });
  });
  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('applies MigrationP0001Tenancy beside another list, and a second run applies nothing', async () => {
    expect(await migrate(orm, TENANCY_MIGRATIONS)).toEqual(['MigrationP0001Tenancy']);
    expect(await migrate(orm, TENANCY_MIGRATIONS)).toEqual([]);
    expect(await migrate(orm, MIGRATIONS)).toEqual([]);
    expect(await appliedMigrations(orm, TENANCY_MIGRATIONS)).toEqual([
      ...MIGRATIONS.map((m) => m.name),
      'MigrationP0001Tenancy',
    ]);
  });

  it('matches the entities: every mapped column exists in its table', async () => {
    const sqlite = db.url.startsWith('file:');
    for (const meta of Object.values(orm.getMetadata().getAll())) {
      if (!meta.tableName) continue;
      const rows = await orm.em
        .getConnection()
        .execute<{ name: string }[]>(
          sqlite
            ? `select name from pragma_table_info('${meta.tableName}')`
            : `select column_name as name from information_schema.columns where table_schema = database() and table_name = '${meta.tableName}'`,
        );
      const columns = rows.map((r: { name: string }) => r.name);
      const mapped = Object.values(meta.properties).flatMap((p) => p.fieldNames ?? []);
      expect({ table: meta.tableName, missing: mapped.filter((c) => !columns.includes(c)) }).toEqual({
        table: meta.tableName,
        missing: [],
      });
    }
  });
});
