// The auth tables of the platform database (issue 10) on the real MariaDB and on SQLite (libsql):
// AUTH_MIGRATIONS applies once, creates every table, and matches the auth entities column for column.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_MIGRATIONS } from '../../src/auth/migrations/index.js';
import { openAuthTestDatabase, type AuthTestDatabase } from '../../src/auth/test-database.js';
import { serviceEndpoints } from '../../src/config/endpoints.js';
import { appliedMigrations, migrate } from '../../src/persistence/migrate.js';

const TABLES = ['api_key', 'platform_user', 'refresh_token', 'sms_code', 'sms_message'];

describe.each([
  ['MariaDB', () => serviceEndpoints().DATABASE_URL],
  ['SQLite (libsql)', () => 'sqlite' as const],
])('auth migrations on %s', (_name, server) => {
  let db: AuthTestDatabase;
  beforeAll(async () => {
    db = await openAuthTestDatabase(server(), 'cf_authmig');
  });
  afterAll(async () => {
    await db?.drop();
  });

  const sqlite = () => db.url.startsWith('file:');

  it('applies MigrationP0002Auth and creates every auth table', async () => {
    // The throw-away database already ran the business list; several lists share mikro_orm_migrations.
    const applied = await appliedMigrations(db.orm, AUTH_MIGRATIONS);
    expect(applied.at(-1)).toBe('MigrationP0002Auth');
    const tables = await db.orm.em
      .getConnection()
      .execute<{ name: string }[]>(
        sqlite()
          ? "select name from sqlite_master where type = 'table'"
          : 'select table_name as name from information_schema.tables where table_schema = database()',
      );
    expect(tables.map((t: { name: string }) => t.name)).toEqual(expect.arrayContaining(TABLES));
  });

  it('is idempotent: a second migrate applies nothing', async () => {
    expect(await migrate(db.orm, AUTH_MIGRATIONS)).toEqual([]);
  });

  it('matches the entities: every mapped column exists in its table, and no other', async () => {
    for (const meta of Object.values(db.orm.getMetadata().getAll())) {
      if (meta.embeddable || meta.virtual || !meta.tableName) continue;
      const rows = await db.orm.em
        .getConnection()
        .execute<{ name: string }[]>(
          sqlite()
            ? `select name from pragma_table_info('${meta.tableName}')`
            : `select column_name as name from information_schema.columns where table_schema = database() and table_name = '${meta.tableName}'`,
        );
      const columns = meta.props
        .filter((prop) => prop.persist !== false)
        .flatMap((prop) => prop.fieldNames ?? []);
      expect(rows.map((r: { name: string }) => r.name).sort(), meta.tableName).toEqual(columns.sort());
    }
  });
});
