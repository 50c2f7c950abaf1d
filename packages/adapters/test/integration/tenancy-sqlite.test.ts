// The local stack's tenancy (platform database on SQLite): one migrated file per tenant, opened as
// its own ORM (TEN-7); TEN-5 validation as on MariaDB; deletion removes the file (TEN-6).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appliedMigrations, migrate } from '../../src/persistence/migrate.js';
import { MIGRATIONS } from '../../src/persistence/migrations/index.js';
import { openOrm } from '../../src/persistence/orm.js';
import { PLATFORM_ENTITIES, PLATFORM_MIGRATIONS } from '../../src/platform/database.js';
import { SecretBox } from '../../src/tenancy/secrets.js';
import { SqliteProvisioner } from '../../src/tenancy/sqlite-provisioner.js';
import { PlatformTenantCatalog } from '../../src/tenancy/tenant-catalog.js';
import { PooledTenantDatabases } from '../../src/tenancy/tenant-databases.js';
import { OPS } from './tenancy-fixtures.js';

let dir: string;
let platform: MikroORM;
let catalog: PlatformTenantCatalog;
let databases: PooledTenantDatabases;
const secrets = new SecretBox(Buffer.alloc(32, 2));
const input = (account: string, overrides: Record<string, unknown> = {}) => ({
  address: '127.0.0.1:3306',
  account,
  password: 'Str0ng!Pass1',
  maxConnections: 2,
  minConnections: 1,
  ...overrides,
});
const files = async () => (await readdir(join(dir, 'tenants')).catch(() => [])).sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cf-tenancy-'));
  platform = await openOrm({ url: `file:${join(dir, 'platform.db')}`, entities: [...PLATFORM_ENTITIES] });
  await migrate(platform, PLATFORM_MIGRATIONS); // the whole platform schema: a tenant is created with its profile (TEN-2)
  const provisioner = new SqliteProvisioner({ dir: join(dir, 'tenants') });
  databases = new PooledTenantDatabases({ em: platform.em, provisioner, secrets });
  catalog = new PlatformTenantCatalog({
    em: platform.em,
    provisioner,
    secrets,
    now: () => Date.now(),
    databases,
  });
  for (const id of ['local-a', 'local-b', 'local-c', 'local-d']) await catalog.createTenant({ id, name: id });
});

afterAll(async () => {
  await databases?.closeAll();
  await platform?.close(true);
  await rm(dir, { recursive: true, force: true });
});

describe('tenancy on the local stack (SQLite)', () => {
  it('TEN-7 each tenant gets its own migrated file and its own ORM', async () => {
    const a = await catalog.configureDatasource('local-a', input('app_a'), OPS);
    await catalog.configureDatasource('local-b', input('app_b'), OPS);
    expect(a.datasource).toMatchObject({ kind: 'SQLITE', databaseName: 'cf_local_a', provisioning: 'READY' });
    expect(await files()).toEqual(['cf_local_a.db', 'cf_local_b.db']);
    const [dbA, dbB] = await Promise.all([databases.get('local-a'), databases.get('local-b')]);
    expect(dbA.orm).not.toBe(dbB.orm);
    expect(await appliedMigrations(dbA.orm)).toEqual(MIGRATIONS.map((m) => m.name));
    await dbA.em
      .getConnection()
      .execute("insert into provider (id, name, enabled, created_at) values ('p-a', 'A', 1, 1)");
    const inB = await dbB.em.getConnection().execute<{ n: number }[]>('select count(*) as n from provider');
    expect(Number(inB[0]?.n)).toBe(0);
  });

  it('TEN-5 validates host, account and password as on MariaDB, and writes nothing when refused', async () => {
    for (const [code, overrides] of [
      ['DATASOURCE_ROOT_ACCOUNT', { account: 'root' }],
      ['DATASOURCE_PASSWORD_WEAK', { password: 'short' }],
      ['DATASOURCE_POOL_INVALID', { minConnections: 3 }],
      ['DATASOURCE_INVALID', { account: 'has-dash' }],
    ] as const) {
      await expect(
        catalog.configureDatasource('local-c', input('app_c', overrides), OPS),
      ).rejects.toMatchObject({ code });
    }
    expect((await catalog.getTenant('local-c')).datasource).toBeNull();
    expect(await files()).not.toContain('cf_local_c.db');
  });

  it('never adopts a file it did not create (DATASOURCE_DATABASE_EXISTS), and leaves it', async () => {
    await writeFile(join(dir, 'tenants', 'cf_local_d.db'), 'not a tenant database');
    await expect(catalog.configureDatasource('local-d', input('app_d'), OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_DATABASE_EXISTS',
    });
    expect(await files()).toContain('cf_local_d.db');
    expect((await catalog.getTenant('local-d')).datasource).toBeNull();
  });

  it('TEN-6 deleting a NOT_IMPLEMENTED datasource removes its file; IMPLEMENTING is kept', async () => {
    await catalog.advanceImplementation('local-a', 'IMPLEMENTING', OPS);
    await expect(catalog.deleteDatasource('local-a', OPS)).rejects.toMatchObject({
      code: 'DATASOURCE_NOT_DELETABLE',
    });
    await catalog.deleteDatasource('local-b', OPS);
    expect(await files()).not.toContain('cf_local_b.db');
    expect(await files()).toContain('cf_local_a.db');
    await expect(databases.get('local-b')).rejects.toMatchObject({ code: 'TENANT_DATABASE_NOT_READY' });
  });
});
